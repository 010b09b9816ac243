// Synthesized for CoreDNS 1.1.2 (tag v1.1.2, 2018-04-23), which has no go.mod: it was built in a
// GOPATH with dep. Copied over the module source by scripts/lib/coredns.sh; see README.md here.
// Source of each pin:
//   [lock]     Gopkg.lock of v1.1.2 (revision given there; tag where the lock names one)
//   [makefile] the `godeps` target of v1.1.2's Makefile, which checks these out by tag
//   [date]     pinned by nothing in the release (came from GOPATH master): the commit that was
//              current at the release date, as recorded in other projects' go.mod files
// Only the modules the trimmed plugin set (trimmed-plugins.txt) needs are listed.
module github.com/coredns/coredns

go 1.10

require (
	github.com/beorn7/perks v0.0.0-20180321164747-3a771d992973 // [date] prometheus client dependency
	github.com/dnstap/golang-dnstap v0.0.0-20170829151710-2cf77a2b5e11 // [lock]
	github.com/farsightsec/golang-framestream v0.0.0-20180124174429-c06a5734334d // [lock]
	github.com/flynn/go-shlex v0.0.0-20150515145356-3f9db97f8568 // [makefile] `go get -u`, only commit
	github.com/golang/protobuf v1.0.0 // [lock]
	github.com/google/uuid v0.0.0-20171129191014-dec09d789f3d // [date] caddy dependency
	github.com/grpc-ecosystem/grpc-opentracing v0.0.0-20171214222146-0e7658f8ee99 // [lock]
	github.com/matttproud/golang_protobuf_extensions v1.0.0 // [lock]
	github.com/mholt/caddy v0.10.11 // [makefile]
	github.com/miekg/dns v1.0.5 // [makefile]
	github.com/opentracing/opentracing-go v1.0.2 // [lock]
	github.com/prometheus/client_golang v0.8.0 // [makefile]
	github.com/prometheus/client_model v0.0.0-20171117100541-99fa1f4be8e5 // [lock]
	github.com/prometheus/common v0.0.0-20180110214958-89604d197083 // [lock]
	github.com/prometheus/procfs v0.0.0-20180408092902-8b1c2da0d56d // [date] prometheus client dependency
	golang.org/x/crypto v0.0.0-20180222182404-49796115aa4b // [lock]
	// [makefile] says branch release-branch.go1.10; the module proxy cannot resolve branch names,
	// so this is the master commit of 2018-04-20 (three days before the release).
	golang.org/x/net v0.0.0-20180420171651-5f9ae10d9af5
	golang.org/x/text v0.3.0 // [makefile]
	google.golang.org/genproto v0.0.0-20180206005123-2b5a72b8730b // [lock]
	google.golang.org/grpc v1.10.0 // [lock]
)
