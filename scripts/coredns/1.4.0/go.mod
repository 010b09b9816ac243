// Synthesized for CoreDNS 1.4.0 (tag v1.4.0, 2019-03-03), which has no go.mod: it was built in a
// GOPATH with dep. Copied over the module source by scripts/lib/coredns.sh; see README.md here.
// Source of each pin:
//   [lock]     Gopkg.lock of v1.4.0 (revision given there; tag where the lock names one)
//   [makefile] the `godeps` target of v1.4.0's Makefile, which checks these out by tag
//   [date]     pinned by nothing in the release (came from GOPATH master): the commit or tag that
//              was current at the release date, or the one CoreDNS 1.5.0's go.mod graph selected
// Only the modules the trimmed plugin set (trimmed-plugins.txt) needs are listed.
module github.com/coredns/coredns

go 1.11

require (
	github.com/beorn7/perks v0.0.0-20180321164747-3a771d992973 // [date] master until v1.0.0 (2019-04)
	github.com/dnstap/golang-dnstap v0.0.0-20170829151710-2cf77a2b5e11 // [lock]
	github.com/farsightsec/golang-framestream v0.0.0-20180124174429-c06a5734334d // [lock]
	github.com/flynn/go-shlex v0.0.0-20150515145356-3f9db97f8568 // [date] caddy dependency, only commit
	github.com/golang/protobuf v1.1.0 // [lock]
	github.com/google/uuid v1.1.1 // [date] caddy dependency, tagged 2019-02-27
	github.com/grpc-ecosystem/grpc-opentracing v0.0.0-20180507213350-8e809c8a8645 // [lock]
	github.com/matttproud/golang_protobuf_extensions v1.0.1 // [lock]
	github.com/mholt/caddy v0.11.4 // [makefile]
	github.com/miekg/dns v1.1.4 // [makefile]
	github.com/opentracing/opentracing-go v1.0.2 // [lock]
	github.com/prometheus/client_golang v0.9.1 // [makefile]
	github.com/prometheus/client_model v0.0.0-20171117100541-99fa1f4be8e5 // [lock]
	github.com/prometheus/common v0.0.0-20180518154759-7600349dcfe1 // [lock]
	github.com/prometheus/procfs v0.0.0-20181204211112-1dc9a6cbc91a // [date] as in 1.5.0's graph
	golang.org/x/crypto v0.0.0-20180621125126-a49355c7e3f8 // [lock]
	golang.org/x/net v0.0.0-20180629035331-4cb1c02c05b0 // [lock]
	golang.org/x/sys v0.0.0-20180627142611-7138fd3d9dc8 // [lock]
	golang.org/x/text v0.3.0 // [lock]
	google.golang.org/genproto v0.0.0-20180627194029-ff3583edef7d // [lock]
	google.golang.org/grpc v1.13.0 // [lock]
)
