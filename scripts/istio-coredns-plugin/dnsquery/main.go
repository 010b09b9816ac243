// Command dnsquery sends one DNS question to a CoreDNS gRPC backend, as CoreDNS's grpc plugin does,
// and prints the reply. Used by scripts/lib/istio-coredns-plugin.sh to check the plugin it builds.
//
// The service is coredns.dns.DnsService, method Query, request and reply DnsPacket{bytes msg = 1}
// holding a packed DNS message. google.protobuf.BytesValue{bytes value = 1} has the same wire form,
// so no generated code is needed.
//
// Output: a line `status=<RCODE> aa=<true|false>`, then one line per answer record in zone-file form.
// With -wait, it asks again every -every until an answer of the asked type arrives, then prints
// `waited_ms=<milliseconds since start>` first.
// Exit: 0 a reply arrived (whatever its rcode), 1 usage or transport error, 2 -wait ran out.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/miekg/dns"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

const queryMethod = "/coredns.dns.DnsService/Query"

func main() {
	server := flag.String("server", "127.0.0.1:8053", "host:port of the gRPC DNS backend")
	name := flag.String("name", "", "name to ask for (made fully qualified)")
	qtype := flag.String("type", "A", "query type, e.g. A or AAAA")
	timeout := flag.Duration("timeout", 3*time.Second, "timeout of one query")
	wait := flag.Duration("wait", 0, "ask again until an answer of the asked type arrives, for at most this long")
	every := flag.Duration("every", 50*time.Millisecond, "interval between queries with -wait")
	flag.Parse()
	if *name == "" || flag.NArg() != 0 {
		fail(1, "usage: dnsquery -name NAME [-type A] [-server 127.0.0.1:8053] [-wait 30s]")
	}
	questionType, known := dns.StringToType[*qtype]
	if !known {
		fail(1, "unknown query type %q", *qtype)
	}

	connection, err := grpc.NewClient(*server, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		fail(1, "gRPC client for %s: %v", *server, err)
	}
	defer connection.Close()

	started := time.Now()
	for {
		reply, err := query(connection, dns.Fqdn(*name), questionType, *timeout)
		if *wait == 0 {
			if err != nil {
				fail(1, "%v", err)
			}
			printReply(reply)
			return
		}
		if err == nil && hasAnswer(reply, questionType) {
			fmt.Printf("waited_ms=%d\n", time.Since(started).Milliseconds())
			printReply(reply)
			return
		}
		if time.Since(started) >= *wait {
			if err != nil {
				fail(2, "no answer of type %s for %s within %s; last error: %v", *qtype, *name, *wait, err)
			}
			fail(2, "no answer of type %s for %s within %s; last reply: %s", *qtype, *name, *wait, dns.RcodeToString[reply.Rcode])
		}
		time.Sleep(*every)
	}
}

func query(connection *grpc.ClientConn, name string, questionType uint16, timeout time.Duration) (*dns.Msg, error) {
	request := new(dns.Msg)
	request.SetQuestion(name, questionType)
	packed, err := request.Pack()
	if err != nil {
		return nil, fmt.Errorf("packing the question: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	response := new(wrapperspb.BytesValue)
	if err := connection.Invoke(ctx, queryMethod, wrapperspb.Bytes(packed), response); err != nil {
		return nil, fmt.Errorf("%s: %w", queryMethod, err)
	}
	reply := new(dns.Msg)
	if err := reply.Unpack(response.GetValue()); err != nil {
		return nil, fmt.Errorf("unpacking the reply: %w", err)
	}
	return reply, nil
}

func hasAnswer(reply *dns.Msg, questionType uint16) bool {
	for _, record := range reply.Answer {
		if record.Header().Rrtype == questionType {
			return true
		}
	}
	return false
}

func printReply(reply *dns.Msg) {
	fmt.Printf("status=%s aa=%t\n", dns.RcodeToString[reply.Rcode], reply.Authoritative)
	for _, record := range reply.Answer {
		fmt.Println(record.String())
	}
}

func fail(status int, format string, arguments ...any) {
	fmt.Fprintf(os.Stderr, "dnsquery: "+format+"\n", arguments...)
	os.Exit(status)
}
