#!/bin/sh
# Kafka's kafka-storage.sh (random-uuid, info, format); kafka-agent formats the log dirs itself on first start.
exec kafka-run-class.sh kafka.tools.StorageTool "$@"
