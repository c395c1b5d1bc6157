# Sourced by the benchmark's checks. per_type FILE: one "TYPE c2s s2c" line per MQTT packet
# type, sorted, from a generator's record (CAPTURE.truth.json) or from mqscope's
# -T json -z mqtt,types: both write "PUBLISH":{"c2s":12,"s2c":7} (mqscope with byte counts).
per_type() {
  grep -oE '"[A-Z]+":\{"c2s":[0-9]+,("c2s_bytes":[0-9]+,)?"s2c":[0-9]+' "$1" |
    sed -E 's/"([A-Z]+)":\{"c2s":([0-9]+),("c2s_bytes":[0-9]+,)?"s2c":([0-9]+)/\1 \2 \4/' | sort
}
