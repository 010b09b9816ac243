// Command pause holds a pod's namespaces open for scripts/local-node: it does nothing but wait until
// it is told to stop (SIGTERM or SIGINT) and then exits 0. Written for this project; it stands in
// for the registry.k8s.io/pause image, which cannot be pulled without a registry.
//
// When it runs as PID 1 of a pod that shares one PID namespace, the other containers' orphaned
// processes become its children: it reaps them on SIGCHLD so that they do not stay zombies.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	if len(os.Args) > 1 && (os.Args[1] == "-v" || os.Args[1] == "--version") {
		fmt.Println("pause (istiocoredns)")
		return
	}
	signals := make(chan os.Signal, 8)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT, syscall.SIGCHLD)
	for received := range signals {
		if received == syscall.SIGCHLD {
			reapChildren()
			continue
		}
		os.Exit(0)
	}
}

// reapChildren collects every child that has exited, without blocking.
func reapChildren() {
	for {
		var status syscall.WaitStatus
		pid, err := syscall.Wait4(-1, &status, syscall.WNOHANG, nil)
		if err == syscall.EINTR {
			continue
		}
		if pid <= 0 || err != nil {
			return
		}
	}
}
