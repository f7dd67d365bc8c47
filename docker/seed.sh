#!/bin/bash
# Seeds the docker-compose network once its nodes answer: creates the
# actors (through each node's database, as an operator would with the CLI),
# wires the follows (through each node's REST API) and publishes an example
# practice per city. Safe to run again: existing actors are kept.
set -euo pipefail

# node  name       kind             country  display name
NODES=(
  "association ucg         association      ''  United Cities and Local Governments"
  "seoul       seoul       city             KR  Seoul"
  "busan       busan       city             KR  Busan"
  "unpaks      unpaks      knowledge-space  ''  UN Public Administration Knowledge Space"
)
declare -A PORT=([association]=8080 [seoul]=8081 [busan]=8082 [unpaks]=8083)
declare -A TOKEN

# An HTTP/1.0 request over bash's /dev/tcp (the image has no curl).
# Prints the status line's code.
http() { # method node path token [json]
  local method=$1 node=$2 path=$3 token=$4 body=${5:-}
  local host="$node.localhost" port=${PORT[$node]}
  exec 3<>"/dev/tcp/$node/$port"
  printf '%s %s HTTP/1.0\r\nHost: %s:%s\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
    "$method" "$path" "$host" "$port" "$token" "${#body}" "$body" >&3
  local status
  read -r _ status _ <&3
  exec 3>&-
  echo "$status"
}

for entry in "${NODES[@]}"; do
  read -r node name kind country display <<<"$entry"
  export ECITIES_DATABASE_URL="postgres://ecities:ecities@postgres:5432/$node"
  export ECITIES_PUBLIC_URL="http://$node.localhost:${PORT[$node]}"
  args=(actor create --kind "$kind" --name "$name" --display-name "$display")
  [ "$country" != "''" ] && args+=(--country "$country")
  ecities "${args[@]}" >/dev/null 2>&1 || echo "$name exists on $node"
  TOKEN[$node]=$(ecities token create --actor "$name" --label "compose seed" | tail -n 1)
done

follow() { # follower-node target-handle
  echo "$1 follows $2: HTTP $(http POST "$1" /api/v1/follows "${TOKEN[$1]}" "{\"target\":\"$2\"}")"
}
# The association relays its member cities; the cities follow it back;
# UN-PAKS and the association follow each other.
follow association seoul@seoul.localhost:8081
follow association busan@busan.localhost:8082
follow seoul ucg@association.localhost:8080
follow busan ucg@association.localhost:8080
follow unpaks ucg@association.localhost:8080
follow association unpaks@unpaks.localhost:8083
sleep 3

publish() { # node title country
  local body="{\"title\":\"$2\",\"summary\":\"An example practice from the compose network.\",\"content\":\"Seeded by docker/seed.sh.\",\"language\":\"en\",\"kind\":\"best_practice\",\"sdgs\":[11],\"country\":\"$3\"}"
  echo "$1 publishes '$2': HTTP $(http POST "$1" /api/v1/practices "${TOKEN[$1]}" "$body")"
}
publish seoul "Median bus lanes" KR
publish busan "Smart water meters" KR

echo "open http://unpaks.localhost:8083/search (Chrome and Firefox resolve *.localhost to this machine)"
