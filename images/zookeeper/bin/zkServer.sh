#!/bin/sh
# zkServer.sh for what operators type in a pod: `status` asks the running server through zk-agent
# (mode, peers, ids). The server itself is started by the entrypoint (`zk-agent run`), not by this script.
case "$1" in
  status) shift; exec zk-agent status "$@" ;;
  *)
    echo "usage: zkServer.sh status (the server runs as the container's entrypoint: zk-agent run)" >&2
    exit 2
    ;;
esac
