#!/usr/bin/env bash
# The failover check under Patroni (issue 20, part 3): one etcd and two Patroni-managed PostgreSQL 15
# nodes on loopback, the library's mixed load on pgjdbc's multi-host URL of both, a SIGKILL of the
# leader as a dying machine, and Patroni, not a person, promoting the replica. Prints the write
# outage, the refused, in-doubt and lost calls and the invariant checks.
#
# Too heavy for CI: run it by hand, as root (it installs packages and runs PostgreSQL as `postgres`).
#   delegation-benchmarks/failover/patroni-failover.sh [--seconds 40] [--kill-after 10]
#       [--nodes 2] [--threads 4] [--pool 4] [--probe-only] [--jar PATH]
# Everything it starts is stopped by process id, and its temporary directory removed, on every exit.
set -euo pipefail

SECONDS_OF_LOAD=40
KILL_AFTER=10
NODES=2
THREADS=4
POOL=4
PROBE_ONLY=false
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JAR="$REPO_ROOT/delegation-benchmarks/target/benchmarks.jar"
PG_BIN=/usr/lib/postgresql/15/bin
PY=/usr/bin/python3 # Debian's, which has psycopg2 with Patroni; not a pyenv shim on PATH

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while (($#)); do
    case "$1" in
        --seconds) SECONDS_OF_LOAD=$2; shift 2 ;;
        --kill-after) KILL_AFTER=$2; shift 2 ;;
        --nodes) NODES=$2; shift 2 ;;
        --threads) THREADS=$2; shift 2 ;;
        --pool) POOL=$2; shift 2 ;;
        --probe-only) PROBE_ONLY=true; shift ;;
        --jar) JAR=$2; shift 2 ;;
        -h | --help) usage 0 ;;
        *) echo "unknown argument: $1" >&2; usage 2 >&2 ;;
    esac
done
for n in "$SECONDS_OF_LOAD" "$KILL_AFTER" "$NODES" "$THREADS" "$POOL"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "not a positive whole number: $n" >&2; exit 2; }
done
((KILL_AFTER + 15 < SECONDS_OF_LOAD)) || {
    echo "--seconds must leave at least 15 s of load after --kill-after, for Patroni to promote" >&2; exit 2; }
[[ $(id -u) == 0 ]] || { echo "run as root: it installs packages and runs PostgreSQL as the postgres user" >&2; exit 2; }

log() { printf '[%s] %s\n' "$(date -u +%T)" "$*"; }
now_ms() { date +%s%3N; }

# --- packages --------------------------------------------------------------------------------------
missing=()
command -v etcd >/dev/null || missing+=(etcd-server)
command -v patroni >/dev/null || missing+=(patroni)
[[ -x $PG_BIN/postgres ]] || missing+=(postgresql-15)
if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt-get update -q
    # Where an init system runs, Debian starts the packages' own etcd and PostgreSQL services too;
    # this script uses neither: it starts its own, on free ports.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

# --- cleanup, on every exit --------------------------------------------------------------------------
WORK=$(mktemp -d /tmp/patroni-failover.XXXXXX)
chmod 755 "$WORK"
declare -a PATRONI_PIDS=() DATA_DIRS=()
ETCD_PID="" LOAD_PID="" PROBE_PID=""
REPORTED=false # once the figures are out, a failure exit says so without the logs

stop_pid() { # pid, signal, seconds to wait before SIGKILL
    local pid=$1 sig=$2 wait=$3 i
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill "-$sig" "$pid" 2>/dev/null || true
    for ((i = 0; i < wait * 10; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
}
postmaster_pid() { if [[ -f $1/postmaster.pid ]]; then head -1 "$1/postmaster.pid"; fi; }
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if ((rc != 0)) && ! $REPORTED; then
        log "failed (exit $rc); the last lines of each log:"
        for f in "$WORK"/*.log; do [[ -f $f ]] && { echo "--- $f"; tail -n 15 "$f"; }; done
    fi
    # The load runs in its own process group (setsid), so its child JVMs go with it.
    if [[ -n $LOAD_PID ]]; then kill -TERM -- "-$LOAD_PID" 2>/dev/null || true; fi
    stop_pid "$LOAD_PID" TERM 5
    stop_pid "$PROBE_PID" TERM 2
    for pid in "${PATRONI_PIDS[@]}"; do stop_pid "$pid" TERM 15; done
    # Patroni detaches the postmaster; one left by a killed Patroni is stopped from its pid file.
    for dir in "${DATA_DIRS[@]}"; do stop_pid "$(postmaster_pid "$dir")" QUIT 5; done
    stop_pid "$ETCD_PID" TERM 5
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# An array, not a function: a function in the background runs in a forked shell, and $! would be that
# shell's pid, not the process's.
AS_POSTGRES=(setpriv --reuid=postgres --regid=postgres --init-groups --)

# --- ports ---------------------------------------------------------------------------------------------
# Six free loopback ports, held open together while chosen so that none is picked twice.
read -r ETCD_CLIENT ETCD_PEER PG_PORT_1 PG_PORT_2 API_PORT_1 API_PORT_2 < <("$PY" -c '
import socket
s = [socket.socket() for _ in range(6)]
for x in s: x.bind(("127.0.0.1", 0))
print(" ".join(str(x.getsockname()[1]) for x in s))')
PG_PORTS=("$PG_PORT_1" "$PG_PORT_2")
API_PORTS=("$API_PORT_1" "$API_PORT_2")

# --- etcd ----------------------------------------------------------------------------------------------
mkdir -p "$WORK/etcd" && chown postgres: "$WORK/etcd" && chmod 700 "$WORK/etcd"
"${AS_POSTGRES[@]}" etcd --name e1 --data-dir "$WORK/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT" --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER" \
    --initial-cluster "e1=http://127.0.0.1:$ETCD_PEER" --initial-cluster-state new \
    --initial-cluster-token "pd-failover-$$" >"$WORK/etcd.log" 2>&1 &
ETCD_PID=$!
disown "$ETCD_PID" # stopped by pid in cleanup; no job notice from the shell when it dies
for ((i = 0; i < 100; i++)); do
    curl -fsS "http://127.0.0.1:$ETCD_CLIENT/health" 2>/dev/null | grep -q '"health":"true"' && break
    kill -0 "$ETCD_PID" || { echo "etcd exited" >&2; exit 1; }
    sleep 0.2
done
log "etcd $ETCD_PID on 127.0.0.1:$ETCD_CLIENT"

# --- two Patroni nodes ---------------------------------------------------------------------------------
# ttl 10, loop_wait 2, retry_timeout 4 instead of Patroni's 30/10/10: the leader key lives 10 s, so a
# dead leader's key expires at most 10 s after its last refresh, and the replica, which watches the
# key, takes over in about that time. Patroni needs loop_wait + 2 * retry_timeout <= ttl (2 + 8 = 10) so
# that a leader cut off from etcd demotes itself before its key can expire. Lower still and a busy
# 2-core machine pauses long enough to lose the key to a healthy leader.
# synchronous_mode: a commit returns only once the replica has it, so Patroni promotes only the
# synchronous replica and nothing acknowledged is lost. Not synchronous_mode_strict: with the old
# leader dead and no other replica, the new primary must take writes alone.
SECRET=$("$PY" -c 'import secrets; print(secrets.token_hex(12))')
for n in 1 2; do
    node="$WORK/pg$n"
    mkdir -p "$node" && chown postgres: "$node" && chmod 700 "$node"
    DATA_DIRS+=("$node/data")
    cat >"$node/patroni.yml" <<YAML
scope: pd-failover-$$
name: pg$n
log:
  level: INFO
restapi:
  listen: 127.0.0.1:${API_PORTS[n - 1]}
  connect_address: 127.0.0.1:${API_PORTS[n - 1]}
etcd3:
  hosts: 127.0.0.1:$ETCD_CLIENT
bootstrap:
  dcs:
    ttl: 10
    loop_wait: 2
    retry_timeout: 4
    maximum_lag_on_failover: 1048576
    synchronous_mode: true
    synchronous_mode_strict: false
    postgresql:
      use_pg_rewind: false
      use_slots: true
      parameters:
        max_connections: 100
        wal_level: replica
        hot_standby: "on"
        max_wal_senders: 5
        max_replication_slots: 5
        wal_keep_size: 128MB
  initdb:
    - encoding: UTF8
    - locale: C
postgresql:
  listen: 127.0.0.1:${PG_PORTS[n - 1]}
  connect_address: 127.0.0.1:${PG_PORTS[n - 1]}
  data_dir: $node/data
  bin_dir: $PG_BIN
  pgpass: $node/pgpass
  authentication:
    superuser:
      username: postgres
      password: $SECRET
    replication:
      username: replicator
      password: $SECRET
  parameters:
    unix_socket_directories: $node
    shared_buffers: 64MB
  pg_hba:
    - local all all trust
    - host replication replicator 127.0.0.1/32 scram-sha-256
    - host all all 127.0.0.1/32 scram-sha-256
YAML
    chown postgres: "$node/patroni.yml" && chmod 600 "$node/patroni.yml"
    "${AS_POSTGRES[@]}" patroni "$node/patroni.yml" >"$WORK/patroni$n.log" 2>&1 &
    PATRONI_PIDS+=($!)
    disown "$!" # the leader's is killed on purpose: no "Killed" job notice in the output
    # The first node bootstraps alone, so that the leader is known before the second one asks.
    if ((n == 1)); then
        for ((i = 0; i < 300; i++)); do
            curl -fsS -o /dev/null "http://127.0.0.1:${API_PORTS[0]}/primary" 2>/dev/null && break
            kill -0 "${PATRONI_PIDS[0]}" || { echo "patroni 1 exited" >&2; exit 1; }
            sleep 0.2
        done
    fi
done

api_role() { curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$1/primary" 2>/dev/null || true; }
leader_index() {
    for i in 0 1; do [[ $(api_role "${API_PORTS[i]}") == 200 ]] && { echo "$i"; return; }; done
    echo ""
}
sql() { # node index, SQL: psql over the node's socket as the superuser
    "${AS_POSTGRES[@]}" "$PG_BIN/psql" -X -q -t -A -v ON_ERROR_STOP=1 -h "$WORK/pg$(($1 + 1))" -p "${PG_PORTS[$1]}" -U postgres -d "${3:-postgres}" -c "$2"
}

LEADER=""
for ((i = 0; i < 600; i++)); do
    LEADER=$(leader_index)
    if [[ -n $LEADER ]]; then
        state=$(sql "$LEADER" "select state || ' ' || sync_state from pg_stat_replication" 2>/dev/null || true)
        [[ $state == "streaming sync" ]] && break
    fi
    for pid in "${PATRONI_PIDS[@]}"; do kill -0 "$pid" || { echo "patroni $pid exited" >&2; exit 1; }; done
    sleep 0.2
done
[[ ${state:-} == "streaming sync" ]] || { echo "no leader with a streaming synchronous replica after 120 s" >&2; exit 1; }
REPLICA=$((1 - LEADER))
log "leader pg$((LEADER + 1)) on ${PG_PORTS[LEADER]}, synchronous replica pg$((REPLICA + 1)) on ${PG_PORTS[REPLICA]} streaming"

APP_PASSWORD=$("$PY" -c 'import secrets; print(secrets.token_hex(12))')
sql "$LEADER" "create role delegation login password '$APP_PASSWORD'"
sql "$LEADER" "create database delegation owner delegation"
sql "$LEADER" "create table failover_probe (id bigint primary key, at timestamptz not null default now())" delegation
sql "$LEADER" "alter table failover_probe owner to delegation" delegation

# pgjdbc's multi-host URL, with the timeouts docs/OPERATIONS.md recommends.
HOSTS="127.0.0.1:${PG_PORTS[0]},127.0.0.1:${PG_PORTS[1]}"
JDBC_URL="jdbc:postgresql://$HOSTS/delegation?targetServerType=primary&hostRecheckSeconds=2&connectTimeout=2&loginTimeout=3&socketTimeout=10&tcpKeepAlive=true"

# --- the probe: one write every 100 ms through libpq's multi-host string -------------------------------
# An independent measure of the write outage: it records the time of every acknowledged insert, and
# every acknowledged id must be there at the end.
"$PY" - "$HOSTS" "$APP_PASSWORD" "$WORK/probe.acks" >"$WORK/probe.log" 2>&1 <<'PY' &
import sys, time, psycopg2
hosts, password, acks = sys.argv[1], sys.argv[2], sys.argv[3]
names = ",".join(h.split(":")[0] for h in hosts.split(","))
ports = ",".join(h.split(":")[1] for h in hosts.split(","))
dsn = (f"host={names} port={ports} dbname=delegation user=delegation password={password} "
       "target_session_attrs=read-write connect_timeout=2 keepalives=1")
conn, n = None, 0
with open(acks, "a", buffering=1) as out:
    while True:
        try:
            if conn is None:
                conn = psycopg2.connect(dsn)
                conn.autocommit = True
            n += 1
            with conn.cursor() as cur:
                cur.execute("set statement_timeout = 2000")
                cur.execute("insert into failover_probe (id) values (%s)", (n,))
            out.write(f"{n} {int(time.time() * 1000)}\n")
        except psycopg2.Error as e:
            print(f"{int(time.time() * 1000)} {type(e).__name__}: {str(e).strip()[:120]}", flush=True)
            try:
                conn is not None and conn.close()
            except psycopg2.Error:
                pass
            conn = None
        time.sleep(0.1)
PY
PROBE_PID=$!

# --- the load ------------------------------------------------------------------------------------------
LOAD_LOG="$WORK/load.log"
if ! $PROBE_ONLY; then
    if [[ ! -f $JAR ]]; then
        log "building $JAR"
        (cd "$REPO_ROOT" && mvn -B -o -q -pl delegation-benchmarks -am package -DskipTests)
    fi
    log "load: $NODES nodes x $THREADS threads, pools of $POOL, $SECONDS_OF_LOAD s on $JDBC_URL"
    setsid java -cp "$JAR" org.partnerdelegation.benchmarks.load.LoadMain \
        --url "$JDBC_URL" --user delegation --password "$APP_PASSWORD" \
        --nodes "$NODES" --threads "$THREADS" --pool "$POOL" --seconds "$SECONDS_OF_LOAD" >"$LOAD_LOG" 2>&1 &
    LOAD_PID=$!
    # Count the seconds from the load's start, not from the JVM's start and the schema install: its
    # first progress line comes 5 s into the load.
    for ((i = 0; i < 1800; i++)); do
        grep -q -E '^load: +[0-9]+ s ' "$LOAD_LOG" 2>/dev/null && break
        kill -0 "$LOAD_PID" 2>/dev/null || { echo "the load exited before it started" >&2; exit 1; }
        sleep 0.1
    done
    grep -q -E '^load: +[0-9]+ s ' "$LOAD_LOG" || { echo "the load printed no progress within 180 s" >&2; exit 1; }
    log "load running: $(grep '^load: ' "$LOAD_LOG" | tail -1)"
    sleep $((KILL_AFTER > 5 ? KILL_AFTER - 5 : 0))
else
    sleep "$KILL_AFTER"
fi

# --- the kill ------------------------------------------------------------------------------------------
LEADER=$(leader_index)
[[ -n $LEADER ]] || { echo "no leader just before the kill" >&2; exit 1; }
REPLICA=$((1 - LEADER))
LOAD1=$(cut -d' ' -f1 /proc/loadavg)
PM=$(postmaster_pid "${DATA_DIRS[LEADER]}")
# As a dying machine: Patroni, the postmaster and every backend at once, so that no one shuts down
# cleanly, hands over the leader key or sends a last WAL record.
mapfile -t BACKENDS < <(pgrep -P "$PM" || true)
VICTIMS=("${PATRONI_PIDS[LEADER]}" "$PM" "${BACKENDS[@]}")
kill -KILL "${VICTIMS[@]}" 2>/dev/null || true
KILLED_AT=$(now_ms)
log "killed leader pg$((LEADER + 1)): Patroni ${PATRONI_PIDS[LEADER]}, postmaster $PM and $((${#VICTIMS[@]} - 2)) backends (1-min load $LOAD1)"

PROMOTED_AT=""
for ((i = 0; i < 1200; i++)); do
    if [[ $(api_role "${API_PORTS[REPLICA]}") == 200 ]]; then PROMOTED_AT=$(now_ms); break; fi
    sleep 0.05
done
[[ -n $PROMOTED_AT ]] || { echo "Patroni did not promote pg$((REPLICA + 1)) within 60 s" >&2; exit 1; }
log "Patroni promoted pg$((REPLICA + 1)) after $((PROMOTED_AT - KILLED_AT)) ms"

# --- the rest of the load, then the figures --------------------------------------------------------
if ! $PROBE_ONLY; then
    load_rc=0
    wait "$LOAD_PID" || load_rc=$?
    LOAD_PID=""
else
    sleep $((SECONDS_OF_LOAD - KILL_AFTER))
    load_rc=0
fi
LOAD_END=$(cut -d' ' -f1 /proc/loadavg)
stop_pid "$PROBE_PID" TERM 2
PROBE_PID=""

# The first write after the outage: the first acknowledged after the first refused attempt since the
# kill (an insert committed just before the kill may be timed just after it).
probe_failed=$(awk -v k="$KILLED_AT" '$1 ~ /^[0-9]+$/ && $1 >= k { print $1; exit }' "$WORK/probe.log")
probe_first=$(awk -v k="${probe_failed:-$KILLED_AT}" '$2 > k { printf "%.0f", $2; exit }' "$WORK/probe.acks")
probe_acked=$(wc -l <"$WORK/probe.acks")
probe_last_before=$(awk -v k="$KILLED_AT" '$2 <= k { t = $2 } END { printf "%.0f", t }' "$WORK/probe.acks")
probe_ids=$(cut -d' ' -f1 "$WORK/probe.acks" | paste -sd,)
probe_stored=$(sql "$REPLICA" "select count(*) from failover_probe where id in (${probe_ids:-0})" delegation)
probe_errors=$(grep -c -E '^[0-9]+ ' "$WORK/probe.log" || true)

REPORTED=true
echo
echo "=== Patroni failover: figures ==="
echo "command:            $0 --seconds $SECONDS_OF_LOAD --kill-after $KILL_AFTER --nodes $NODES --threads $THREADS --pool $POOL$($PROBE_ONLY && echo ' --probe-only')"
echo "machine:            $(nproc) cores, 1-minute load $LOAD1 at the kill, $LOAD_END at the end"
echo "patroni:            ttl 10 s, loop_wait 2 s, retry_timeout 4 s, synchronous_mode on"
echo "kill to promotion:  $((PROMOTED_AT - KILLED_AT)) ms (the replica answers /primary on Patroni's REST API)"
if [[ -n $probe_first ]]; then
    echo "probe write outage: $((probe_first - KILLED_AT)) ms (kill to the first acknowledged insert; last one before it $((KILLED_AT - probe_last_before)) ms before the kill)"
else
    echo "probe write outage: no insert acknowledged after the kill"
fi
echo "probe writes:       $probe_acked acknowledged, $probe_stored of them on the new primary, $probe_errors refused attempts"
if ! $PROBE_ONLY; then
    echo "--- the load's report (LoadMain, exit $load_rc) ---"
    grep '^load: ' "$LOAD_LOG"
    # The summary: everything after the last progress line.
    awk '/^load: / { n = NR } { line[NR] = $0 } END { for (i = n + 1; i <= NR; i++) print line[i] }' "$LOAD_LOG"
fi
((probe_stored == probe_acked)) || { echo "LOST: $((probe_acked - probe_stored)) acknowledged probe inserts are missing" >&2; exit 1; }
# LoadMain exits 1 when a write was lost or an invariant check failed: its summary above says which.
((load_rc == 0)) || { echo "the load reports a failed check (FAIL above), exit $load_rc" >&2; exit 1; }
