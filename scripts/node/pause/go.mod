// The pod sandbox ("pause") program of scripts/local-node; built by scripts/lib/node.sh.
module istiocoredns.local/pause

go 1.22
