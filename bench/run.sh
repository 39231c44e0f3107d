#!/usr/bin/env bash
# Side-by-side benchmark of webserv, its Java peers and nginx on this machine: see bench/README.md.
#
# This script only builds, starts, pins (taskset), loads (wrk, curl, the bench's Java clients) and stops processes.
# Every measurement is appended as one JSON line to $OUT/results.jsonl; BenchReport (bench module) then renders
# the tables, ratios and SVG charts from that file into $OUT. The script keeps no results of its own.
#
# Sections ($SECTIONS, in the order given): jmh alloc hello rate static gzip idle webflux sse tls. Example of a short run:
#   SECTIONS=hello SERVERS="webserv nginx" SCENARIOS="c1 c64" ROUNDS=1 DURATION=3 bench/run.sh
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
SECTIONS=${SECTIONS:-"jmh alloc hello static idle"}
SERVERS=${SERVERS:-"webserv webserv-boot netty-epoll netty-nio undertow jetty tomcat webflux nginx"}
SCENARIOS=${SCENARIOS:-"c1 c64 c256p16 c1000 c10000"}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
REFERENCE=${REFERENCE:-"nginx,nginx-static,nginx-tls,nginx-tls-static"}
STATIC_SERVERS=${STATIC_SERVERS:-"nginx-static webserv-static"}
STATIC_FILES=${STATIC_FILES:-"hello.txt 64k.bin"}
GZIP_SERVERS=${GZIP_SERVERS:-"nginx-gzip webserv-gzip"}
STREAM_MIB=${STREAM_MIB:-1024}
STREAM_REPEAT=${STREAM_REPEAT:-4}
IDLE_SERVERS=${IDLE_SERVERS:-"webserv netty-epoll nginx"}
IDLE_LEVELS=${IDLE_LEVELS:-"1000 5000 15000"}
IDLE_SECONDS=${IDLE_SECONDS:-10}
ALLOC_SERVERS=${ALLOC_SERVERS:-"webserv netty-nio"}
ALLOC_REQUESTS=${ALLOC_REQUESTS:-1000000}
WEBFLUX_SERVERS=${WEBFLUX_SERVERS:-"webflux-webserv webflux-netty"}
WEBFLUX_PATHS=${WEBFLUX_PATHS:-"/hello /json"}
WEBFLUX_SCENARIOS=${WEBFLUX_SCENARIOS:-"c64 c256p16"}
SSE_SERVERS=${SSE_SERVERS:-"webflux-webserv webflux-netty"}
SSE_SUBSCRIBERS=${SSE_SUBSCRIBERS:-1000}
SSE_INTERVAL_MS=${SSE_INTERVAL_MS:-100}
SSE_WARMUP=${SSE_WARMUP:-10}
SSE_SECONDS=${SSE_SECONDS:-30}
TLS_SERVERS=${TLS_SERVERS:-"webserv-tls netty-jdk-tls nginx-tls"}
TLS_SCENARIOS=${TLS_SCENARIOS:-"c64"}
TLS_STREAM_SERVERS=${TLS_STREAM_SERVERS:-"webserv-tls-static nginx-tls-static"}
HANDSHAKE_CLIENTS=${HANDSHAKE_CLIENTS:-4}
RATES=${RATES:-"40000 80000 120000 150000"}
RATE_CONNECTIONS=${RATE_CONNECTIONS:-64}
RATE_WARMUP=${RATE_WARMUP:-2}
JMH_OPTS=${JMH_OPTS:-"-f 1 -wi 3 -w 2s -i 5 -r 2s"}
SERVER_CPU=${SERVER_CPU:-1}
CLIENT_CPU=${CLIENT_CPU:-0}
BASE_PORT=${BASE_PORT:-29080}
JAVA_OPTS=${JAVA_OPTS:-"-XX:+UseSerialGC -Xms512m -Xmx512m"}
LABEL=${LABEL:-""}
SKIP_BUILD=${SKIP_BUILD:-0}
RUN_ID=${RUN_ID:-$(date -u +%Y%m%d-%H%M%S)}
OUT=${OUT:-$BENCH_DIR/target/run/$RUN_ID}
WORK=${WORK:-$BENCH_DIR/target/run/work}
RESULTS=$OUT/results.jsonl
JAR=$BENCH_DIR/target/webserv-bench.jar
LIB=$BENCH_DIR/target/lib
LUA=$BENCH_DIR/wrk/report.lua
HZ=$(getconf CLK_TCK)

SERVER_PID="" # the running server, idle client and waited-for command, if any: the only processes cleanup stops
CLIENT_PID=""
WAITED_PID=""
PORT=""
SCHEME=http # https in the tls section
RECORD_EXTRA='{}' # fields the tls section adds to every line it records

log() { printf '%s\n' "$*"; }

cleanup() {
	[[ -n $WAITED_PID ]] && kill "$WAITED_PID" 2>/dev/null
	[[ -n $CLIENT_PID ]] && kill "$CLIENT_PID" 2>/dev/null
	[[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null
	return 0
}

# runs a command in the background and waits for it, so that cleanup can stop it if the script is stopped
waited() {
	local status=0
	"$@" &
	WAITED_PID=$!
	wait "$WAITED_PID" || status=$?
	WAITED_PID=""
	return "$status"
}

# --- setup --------------------------------------------------------------------------------------------------------

setup() {
	local missing=() tool
	for tool in wrk curl jq; do
		command -v "$tool" >/dev/null || missing+=("$tool")
	done
	command -v taskset >/dev/null || missing+=(util-linux)
	command -v openssl >/dev/null || missing+=(openssl)
	if [[ " $SERVERS $STATIC_SERVERS $GZIP_SERVERS $IDLE_SERVERS $TLS_SERVERS $TLS_STREAM_SERVERS " == *" nginx"* ]] && ! command -v nginx >/dev/null; then
		missing+=(nginx)
	fi
	if ((${#missing[@]})); then
		log "installing from Debian packages: ${missing[*]}"
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
	fi
	ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
	if (($(ulimit -n) < 16384)); then
		log "warning: ulimit -n is $(ulimit -n): c10000 and 15,000 idle connections need about 16,384"
	fi
}

build() {
	if [[ $SKIP_BUILD == 1 && -f $JAR ]]; then
		return
	fi
	log "building: ./mvnw -q -ntp -Pbench -pl bench -am package -DskipTests"
	(cd "$ROOT" && ./mvnw -q -ntp -Pbench -pl bench -am package -DskipTests)
}

# The facts every JSON line carries: what was measured, on what, with which settings.
meta() {
	local dirty=false cpu
	git -C "$ROOT" diff --quiet HEAD -- webserv-core webserv-spring-boot-starter bench/src || dirty=true
	cpu=$(grep -m1 'model name' /proc/cpuinfo)
	jq -nc --arg run "$RUN_ID" --arg run_label "$LABEL" --arg commit "$(git -C "$ROOT" rev-parse HEAD)" \
		--argjson dirty "$dirty" --arg jdk "$(java -version 2>&1 | head -1)" --arg java_opts "$JAVA_OPTS" \
		--arg wrk "$(wrk -v 2>&1 | head -1 | sed 's/ Copyright.*//')" --arg cpu "${cpu#*: }" --argjson cores "$(nproc)" \
		--arg kernel "$(uname -r)" --argjson server_cpu "$SERVER_CPU" --argjson client_cpu "$CLIENT_CPU" \
		'{run: $run, "label": $run_label, commit: $commit, dirty: $dirty, jdk: $jdk, java_opts: $java_opts, wrk: $wrk,
		  machine: {cpu: $cpu, cores: $cores, kernel: $kernel}, pinned: {server: $server_cpu, client: $client_cpu}}'
}

# Appends the JSON objects on stdin to the results, each with the run's facts and a timestamp.
record() {
	jq -c --argjson meta "$META" --arg time "$(date -u +%FT%TZ)" --argjson extra "$RECORD_EXTRA" \
		'$meta + {time: $time} + . + $extra' >>"$RESULTS"
}

# --- /proc accounting (integers: ticks, KiB) -------------------------------------------------------------------------

tree_pids() {
	local child
	echo "$1"
	for child in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
		tree_pids "$child"
	done
}

# utime + stime of a process tree, in clock ticks
cpu_ticks() {
	local total=0 pid stat f
	for pid in $(tree_pids "$1"); do
		stat=$(cat /proc/"$pid"/stat 2>/dev/null) || continue
		read -r -a f <<<"${stat##*) }"
		total=$((total + f[11] + f[12]))
	done
	echo "$total"
}

rss_kib() {
	local total=0 pid key value unit
	for pid in $(tree_pids "$1"); do
		while read -r key value unit; do
			[[ $key == VmRSS: ]] && total=$((total + value))
		done <"/proc/$pid/status" || true
	done 2>/dev/null
	echo "$total"
}

# utime + stime of this script's children that have ended (cutime + cstime): a load generator, once waited for
ended_children_ticks() {
	local stat f
	stat=$(cat /proc/$$/stat)
	read -r -a f <<<"${stat##*) }"
	echo $((f[13] + f[14]))
}

# busy ticks of the whole machine (every process, interrupts and steal), from /proc/stat
machine_ticks() {
	local cpu user nice system idle iowait irq softirq steal rest
	read -r cpu user nice system idle iowait irq softirq steal rest </proc/stat
	echo $((user + nice + system + irq + softirq + steal))
}

# live heap bytes of a JVM (GC.class_histogram runs a full GC first), or null for nginx
live_heap() {
	local line bytes
	[[ $2 == nginx* ]] && { echo null; return; }
	line=$(jcmd "$1" GC.class_histogram 2>/dev/null | grep '^Total') || { echo null; return; }
	read -r _ _ bytes <<<"$line"
	echo "$bytes"
}

# --- servers -----------------------------------------------------------------------------------------------------

jar_version() {
	local jar
	jar=$(ls "$LIB"/"$1"-[0-9]*.jar 2>/dev/null | head -1)
	jar=${jar##*/"$1"-}
	echo "${jar%.jar}"
}

server_version() {
	case $1 in
		webserv*) echo "webserv-core $(jar_version webserv-core) $(git -C "$ROOT" rev-parse --short HEAD)" ;;
		netty-*) echo "netty $(jar_version netty-codec-http)" ;;
		undertow) echo "undertow $(jar_version undertow-core)" ;;
		jetty) echo "jetty $(jar_version jetty-server)" ;;
		tomcat) echo "tomcat $(jar_version tomcat-embed-core)" ;;
		webflux | webflux-netty) echo "spring-boot $(jar_version spring-boot), reactor-netty $(jar_version reactor-netty-http)" ;;
		webflux-webserv) echo "spring-boot $(jar_version spring-boot), webserv-core $(jar_version webserv-core) $(git -C "$ROOT" rev-parse --short HEAD)" ;;
		nginx*) nginx -v 2>&1 | sed 's/^nginx version: //' ;;
	esac
}

free_port() {
	local port=$BASE_PORT
	while ss -Htln "sport = :$port" | grep -q .; do
		port=$((port + 1))
	done
	echo "$port"
}

server_cmd() {
	local java="java $JAVA_OPTS -cp $JAR" main=dev.webserv.bench
	case $1 in
		webserv) echo "$java $main.servers.WebservHello $PORT 1" ;;
		webserv-2loops) echo "$java $main.servers.WebservHello $PORT 2" ;;
		webserv-boot) echo "$java $main.boot.WebservBootHello $PORT" ;;
		netty-epoll) echo "$java $main.servers.NettyHello $PORT epoll" ;;
		netty-nio) echo "$java $main.servers.NettyHello $PORT nio" ;;
		undertow) echo "$java $main.servers.UndertowHello $PORT" ;;
		jetty) echo "$java $main.servers.JettyHello $PORT" ;;
		tomcat) echo "$java $main.servers.TomcatHello $PORT" ;;
		webflux) echo "$java $main.webflux.WebFluxHello $PORT" ;;
		webflux-webserv) echo "$java $main.webflux.app.WebFluxApp $PORT webserv" ;;
		webflux-netty) echo "$java $main.webflux.app.WebFluxApp $PORT netty" ;;
		webserv-static) echo "$java $main.servers.WebservStatic $PORT $WORK/static 1" ;;
		webserv-gzip) echo "$java $main.servers.WebservStatic $PORT $WORK/static 1 gzip" ;;
		webserv-tls) echo "$java $main.servers.WebservTlsHello $PORT $WORK/tls/cert.p12" ;;
		webserv-tls-static) echo "$java $main.servers.WebservTlsHello $PORT $WORK/tls/cert.p12 $WORK/static" ;;
		netty-jdk-tls) echo "$java $main.servers.NettyTlsHello $PORT $WORK/tls/cert.p12 epoll" ;;
		nginx | nginx-static | nginx-gzip | nginx-tls | nginx-tls-static) nginx_conf "$1" && echo "nginx -p $WORK/$1 -c $WORK/$1/nginx.conf -e $WORK/$1/error.log" ;;
		*) log "unknown server $1" >&2 ;;
	esac
}

# bench/nginx/nginx.conf filled in: the hello (return 200) or the static root; over TLS with bench/nginx/tls.conf
nginx_conf() {
	local dir=$WORK/$1 conf user="" site='location / { return 200 "Hello, World!"; }' listen="" tls
	[[ $1 == nginx-static || $1 == nginx-tls-static ]] && site="root $WORK/static; location / { }"
	[[ $1 == nginx-gzip ]] && site="root $WORK/static; gzip on; gzip_comp_level 1; gzip_types text/plain; location / { }"
	if [[ $1 == nginx-tls* ]]; then
		tls=$(<"$BENCH_DIR/nginx/tls.conf")
		site="${tls//@TLS@/"$WORK/tls"} $site"
		listen=ssl
	fi
	[[ $(id -u) == 0 ]] && user="user root;"
	mkdir -p "$dir/tmp"
	conf=$(<"$BENCH_DIR/nginx/nginx.conf")
	conf=${conf//@DIR@/"$dir"}
	conf=${conf//@PORT@/"$PORT"}
	conf=${conf//@USER@/"$user"}
	conf=${conf//@LISTEN@/"$listen"}
	printf '%s\n' "${conf//@SITE@/"$site"}" >"$dir/nginx.conf"
}

# starts a server pinned to SERVER_CPU on a free port; waits (120 s at most) until GET $2 answers
start_server() {
	local name=$1 path=${2:-/} cmd i
	PORT=$(free_port)
	cmd=$(server_cmd "$name")
	[[ -n $cmd ]] || return 1
	# shellcheck disable=SC2086
	taskset -c "$SERVER_CPU" $cmd >"$WORK/$name.log" 2>&1 &
	SERVER_PID=$!
	for ((i = 0; i < 240; i++)); do
		curl -sk -o /dev/null --max-time 1 "$SCHEME://127.0.0.1:$PORT$path" && return 0
		if ! kill -0 "$SERVER_PID" 2>/dev/null; then
			log "   $name exited at start-up: $(tail -3 "$WORK/$name.log")"
			return 1
		fi
		sleep 0.5
	done
	log "   $name did not answer within 120 s"
	stop_server
	return 1
}

stop_server() {
	local i
	[[ -n $SERVER_PID ]] || return 0
	kill "$SERVER_PID" 2>/dev/null || true
	for ((i = 0; i < 30; i++)); do
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.5
	done
	kill -9 "$SERVER_PID" 2>/dev/null || true
	wait "$SERVER_PID" 2>/dev/null || true
	SERVER_PID=""
}

# stops the Java client the idle and sse sections run beside the server
stop_client() {
	[[ -n $CLIENT_PID ]] || return 0
	kill "$CLIENT_PID" 2>/dev/null || true
	wait "$CLIENT_PID" 2>/dev/null || true
	CLIENT_PID=""
}

# warns when the answer differs from the reference hello (13-byte body, Server, Date, Content-Length: 13)
check_hello() {
	local head body
	head=$(curl -sk --max-time 5 -D - -o "$WORK/body" "$SCHEME://127.0.0.1:$PORT/" | tr -d '\r')
	body=$(cat "$WORK/body")
	if [[ $body != "Hello, World!" ]] || ! grep -qi '^server:' <<<"$head" || ! grep -qi '^date:' <<<"$head" ||
		! grep -qi '^content-length: 13$' <<<"$head"; then
		log "   WARNING: $1 answers differently: $(tr '\n' ' ' <<<"$head") body [$body]"
	fi
}

# --- load --------------------------------------------------------------------------------------------------------

wrk_at() { # depth connections seconds path [json file]; $WRK_HEADER, when set, is sent with every request
	WRK_PIPELINE=$1 WRK_JSON=${5:-/dev/null} waited taskset -c "$CLIENT_CPU" \
		wrk -t1 -c"$2" -d"$3s" -s "$LUA" ${WRK_HEADER:+-H "$WRK_HEADER"} "$SCHEME://127.0.0.1:$PORT$4"
}

warm_up() {
	((WARMUP > 0)) || return 0
	wrk_at 1 64 "$WARMUP" "$1" >/dev/null 2>&1 || true
	[[ " $SCENARIOS " == *p* ]] && { wrk_at 16 256 "$WARMUP" "$1" >/dev/null 2>&1 || true; }
	return 0
}

# bytes the server's JVM has allocated so far, from GET $ALLOC_PATH (the WebFlux app's /alloc), or null
allocated() {
	local bytes
	[[ -n ${ALLOC_PATH:-} ]] || { echo null; return; }
	bytes=$(curl -sk --max-time 5 "$SCHEME://127.0.0.1:$PORT$ALLOC_PATH")
	[[ $bytes =~ ^[0-9]+$ ]] && echo "$bytes" || echo null
}

# one wrk run against the running server, recorded as a "load" line; scenario cN or cNpD (D pipelined)
load() {
	local server=$1 scenario=$2 path=$3 round=$4 conns depth=1 s0 s1 m0 m1 t0 t1 c0 c1 a0 a1
	conns=${scenario#c}
	conns=${conns%%p*}
	[[ $scenario == *p* ]] && depth=${scenario##*p}
	rm -f "$WORK/wrk.json"
	a0=$(allocated)
	s0=$(cpu_ticks "$SERVER_PID") m0=$(machine_ticks) c0=$(ended_children_ticks) t0=$(date +%s%N)
	wrk_at "$depth" "$conns" "$DURATION" "$path" "$WORK/wrk.json" >"$WORK/wrk.out" 2>&1 || true
	t1=$(date +%s%N) c1=$(ended_children_ticks) m1=$(machine_ticks) s1=$(cpu_ticks "$SERVER_PID")
	a1=$(allocated)
	if [[ ! -s $WORK/wrk.json ]]; then
		log "   $scenario $path: wrk wrote no result: $(tail -2 "$WORK/wrk.out")"
		return 0
	fi
	jq -c --arg server "$server" --arg version "$(server_version "$server")" --arg scenario "$scenario" \
		--argjson connections "$conns" --argjson pipeline "$depth" --arg path "$path" --argjson round "$round" \
		--argjson requested "$DURATION" --argjson s0 "$s0" --argjson s1 "$s1" --argjson m0 "$m0" --argjson m1 "$m1" \
		--argjson t0 "$t0" --argjson t1 "$t1" --argjson hz "$HZ" --argjson c0 "$c0" --argjson c1 "$c1" \
		--argjson rss "$(rss_kib "$SERVER_PID")" --argjson a0 "$a0" --argjson a1 "$a1" \
		'{kind: "load", server: $server, server_version: $version, scenario: $scenario, connections: $connections,
		  pipeline: $pipeline, path: $path, round: $round, duration_requested_s: $requested,
		  duration_s: (.duration_us / 1e6), wall_s: (($t1 - $t0) / 1e9), requests, bytes, errors, latency_us,
		  server_cpu_s: (($s1 - $s0) / $hz), client_cpu_s: (($c1 - $c0) / $hz), machine_cpu_s: (($m1 - $m0) / $hz),
		  rss_kib: $rss} + (if $a0 != null and $a1 != null then {allocated_bytes: ($a1 - $a0)} else {} end)' \
		"$WORK/wrk.json" | record
	log "   $scenario $path round $round: $(jq -r '"\(.requests) requests, p99 \(.latency_us.p99) us, errors \(.errors | add)"' "$WORK/wrk.json")"
}

# one large file fetched by curl, recorded as a "stream" line
stream() {
	local server=$1 path=$2 round=$3 s0 s1 t0 t1 bytes i fetches=()
	# STREAM_REPEAT downloads on one connection: one is too short for /proc's 10 ms ticks
	for ((i = 0; i < STREAM_REPEAT; i++)); do fetches+=(-o /dev/null "$SCHEME://127.0.0.1:$PORT$path"); done
	s0=$(cpu_ticks "$SERVER_PID") t0=$(date +%s%N)
	waited taskset -c "$CLIENT_CPU" curl -sk --max-time $((120 * STREAM_REPEAT)) -w '%{size_download}\n' \
		"${fetches[@]}" >"$WORK/curl.out" || true
	bytes=$(awk '{ sum += $1 } END { print sum + 0 }' "$WORK/curl.out")
	t1=$(date +%s%N) s1=$(cpu_ticks "$SERVER_PID")
	jq -nc --arg server "$server" --arg version "$(server_version "$server")" --arg path "$path" \
		--argjson round "$round" --argjson bytes "${bytes:-0}" --argjson s0 "$s0" --argjson s1 "$s1" \
		--argjson t0 "$t0" --argjson t1 "$t1" --argjson hz "$HZ" \
		'{kind: "stream", server: $server, server_version: $version, path: $path, round: $round, bytes: $bytes,
		  wall_s: (($t1 - $t0) / 1e9), server_cpu_s: (($s1 - $s0) / $hz)}' | record
}

# --- sections ----------------------------------------------------------------------------------------------------

# ROUNDS rounds; in each, every server of SERVERS in turn: start, check the hello, run "$1 server round", stop
each_hello_server() {
	local round server
	for ((round = 1; round <= ROUNDS; round++)); do
		for server in $SERVERS; do
			log "-- $server, round $round"
			start_server "$server" / || continue
			check_hello "$server"
			"$1" "$server" "$round"
			stop_server
		done
	done
}

section_hello() {
	each_hello_server hello_runs
}

hello_runs() {
	local scenario
	warm_up /
	for scenario in $SCENARIOS; do
		load "$1" "$scenario" / "$2"
	done
}

# server CPU per request at fixed offered rates (open loop, below the client's ceiling): after the wrk warm-up,
# RateClient (one NIO thread on the client core) offers each of RATES in turn on RATE_CONNECTIONS connections,
# RATE_WARMUP s unmeasured then DURATION s measured, reading the server's CPU (master and workers) over the window;
# a "rate" line per rate, scenario c64@80k
section_rate() {
	log "   $RATES req/s on $RATE_CONNECTIONS connections, each ${RATE_WARMUP}s unmeasured then ${DURATION}s"
	each_hello_server rate_runs
}

rate_runs() {
	local server=$1 round=$2 pids
	SCENARIOS=c64 warm_up /
	pids=$(tree_pids "$SERVER_PID" | paste -sd, -)
	rm -f "$WORK/rate.out"
	# shellcheck disable=SC2086
	waited taskset -c "$CLIENT_CPU" java -XX:+UseSerialGC -Xmx512m -cp "$JAR" dev.webserv.bench.tools.RateClient \
		127.0.0.1 "$PORT" / "$RATE_CONNECTIONS" "$RATE_WARMUP" "$DURATION" "$pids" "$HZ" $RATES \
		>"$WORK/rate.out" 2>"$WORK/rate.log" || log "   RateClient failed: $(tail -3 "$WORK/rate.log")"
	grep -q '^{' "$WORK/rate.out" || return 0
	grep '^{' "$WORK/rate.out" | jq -c --arg server "$server" --arg version "$(server_version "$server")" \
		--argjson round "$round" --argjson requested "$DURATION" \
		'{kind: "rate", server: $server, server_version: $version, scenario: "c\(.connections)@\(.rate / 1000 | floor)k",
		  path: "/", pipeline: 1, round: $round, duration_requested_s: $requested} + .' | record
	grep '^{' "$WORK/rate.out" | jq -r '"\(.rate) req/s offered: \(.achieved_rate | floor) answered, server CPU
		\(.server_cpu_s) s, client \(.client_cpu_s) s, p99 \(.latency_us.p99) us, late \(.late_at_end), errors
		\(.errors | add)" | "   " + gsub("\\s+"; " ")'
}

# the same WebFlux application on webserv and on Reactor Netty (one event loop each), interleaved round by round:
# wrk on each of WEBFLUX_PATHS in each of WEBFLUX_SCENARIOS, with the JVM's allocated bytes before and after
section_webflux() {
	local round server path scenario
	for ((round = 1; round <= ROUNDS; round++)); do
		for server in $WEBFLUX_SERVERS; do
			log "-- $server, round $round"
			start_server "$server" /hello || continue
			for path in $WEBFLUX_PATHS; do
				SCENARIOS=$WEBFLUX_SCENARIOS warm_up "$path"
			done
			for path in $WEBFLUX_PATHS; do
				for scenario in $WEBFLUX_SCENARIOS; do
					ALLOC_PATH=/alloc load "$server" "$scenario" "$path" "$round"
				done
			done
			stop_server
		done
	done
}

# server-sent events: SSE_SUBSCRIBERS clients (SseClients, one NIO thread on the client's core) subscribed to the
# WebFlux app's /sse, one shared ticker publishing an event every SSE_INTERVAL_MS to all of them; the clients count
# the events of a SSE_SECONDS window after SSE_WARMUP and the server's CPU over it, then hold on while the server's
# RSS and live heap are taken; the servers interleaved round by round, as "sse" lines
section_sse() {
	local round server result ready heap rss i
	for ((round = 1; round <= ROUNDS; round++)); do
		for server in $SSE_SERVERS; do
			log "-- $server, $SSE_SUBSCRIBERS subscribers, an event every $SSE_INTERVAL_MS ms, round $round"
			JAVA_OPTS="$JAVA_OPTS -Dbench.sse.interval-ms=$SSE_INTERVAL_MS" start_server "$server" /hello || continue
			taskset -c "$CLIENT_CPU" java -Xmx512m -cp "$JAR" dev.webserv.bench.tools.SseClients 127.0.0.1 "$PORT" \
				/sse "$SSE_SUBSCRIBERS" "$SSE_WARMUP" "$SSE_SECONDS" "$SERVER_PID" "$HZ" >"$WORK/sse.log" 2>&1 &
			CLIENT_PID=$!
			result=""
			for ((i = 0; i < 2 * (90 + SSE_WARMUP + SSE_SECONDS); i++)); do
				sleep 0.5
				result=$(grep -m1 '^{' "$WORK/sse.log" || true)
				[[ -z $result ]] && kill -0 "$CLIENT_PID" 2>/dev/null || break
			done
			ready=$(grep -m1 '^READY' "$WORK/sse.log" || true)
			if [[ -n $result ]]; then
				rss=$(rss_kib "$SERVER_PID") heap=$(live_heap "$SERVER_PID" "$server")
				jq -c --arg server "$server" --arg version "$(server_version "$server")" --argjson round "$round" \
					--argjson interval "$SSE_INTERVAL_MS" --argjson warmup "$SSE_WARMUP" --argjson rss "$rss" \
					--argjson heap "$heap" \
					'{kind: "sse", server: $server, server_version: $version, round: $round, interval_ms: $interval,
					  warmup_s: $warmup, rss_kib: $rss, heap_bytes: $heap} + .' <<<"$result" | record
				log "   $ready; $result"
			else
				log "   the clients gave no result: $(tail -3 "$WORK/sse.log")"
			fi
			stop_client
			stop_server
		done
	done
}

static_files() {
	local dir=$WORK/static
	mkdir -p "$dir"
	printf 'Hello, World!' >"$dir/hello.txt"
	[[ -f $dir/64k.bin ]] || head -c 65536 /dev/urandom >"$dir/64k.bin"
	# 64 KiB of English text (the project's docs, repeated) for the gzip section
	if [[ ! -f $dir/64k.txt ]]; then
		for _ in 1 2 3 4 5 6 7 8; do cat "$BENCH_DIR"/../docs/*.md; done >"$dir/text.tmp"
		head -c 65536 "$dir/text.tmp" >"$dir/64k.txt"
		rm -f "$dir/text.tmp"
	fi
	if ((STREAM_MIB > 0)); then
		[[ $(stat -c %s "$dir/big.bin" 2>/dev/null || echo 0) == $((STREAM_MIB * 1048576)) ]] ||
			head -c $((STREAM_MIB * 1048576)) /dev/urandom >"$dir/big.bin"
		cat "$dir/big.bin" >/dev/null # into the page cache, for every server alike
	fi
	chmod -R a+rX "$dir"
}

section_static() {
	local round server file
	static_files
	for ((round = 1; round <= ROUNDS; round++)); do
		for server in $STATIC_SERVERS; do
			log "-- $server, round $round"
			start_server "$server" /hello.txt || continue
			warm_up /64k.bin
			for file in $STATIC_FILES; do
				load "$server" c64 "/$file" "$round"
			done
			((STREAM_MIB > 0)) && stream "$server" /big.bin "$round"
			stop_server
		done
	done
}

# on-the-fly gzip at level 1 of one 64 KiB text file (nginx: gzip on, gzip_comp_level 1), wrk c64 sending
# Accept-Encoding: gzip, as "load" lines with path /64k.txt; a server that does not compress is skipped
section_gzip() {
	local round server
	static_files
	for ((round = 1; round <= ROUNDS; round++)); do
		for server in $GZIP_SERVERS; do
			log "-- $server, round $round"
			start_server "$server" /hello.txt || continue
			if ! curl -s -D - -o /dev/null -H 'Accept-Encoding: gzip' "http://127.0.0.1:$PORT/64k.txt" |
				grep -qi '^content-encoding: gzip'; then
				log "   $server did not compress /64k.txt: skipped"
				stop_server
				continue
			fi
			WRK_HEADER="Accept-Encoding: gzip" warm_up /64k.txt
			WRK_HEADER="Accept-Encoding: gzip" load "$server" c64 /64k.txt "$round"
			stop_server
		done
	done
}

# heap, RSS and idle CPU with N idle keep-alive connections (one request each), the server restarted per N
section_idle() {
	local server level ready open heap0 rss0 heap1 rss1 c0 c1 i
	for server in $IDLE_SERVERS; do
		for level in $IDLE_LEVELS; do
			log "-- $server, $level idle connections"
			start_server "$server" / || continue
			wrk_at 1 16 1 / >/dev/null 2>&1 || true
			heap0=$(live_heap "$SERVER_PID" "$server") rss0=$(rss_kib "$SERVER_PID")
			taskset -c "$CLIENT_CPU" java -Xmx512m -cp "$JAR" dev.webserv.bench.tools.IdleConnections 127.0.0.1 \
				"$PORT" "$level" $((IDLE_SECONDS + 120)) >"$WORK/idle.log" 2>&1 &
			CLIENT_PID=$!
			ready=""
			for ((i = 0; i < 240; i++)); do
				sleep 0.5
				ready=$(grep -m1 '^READY' "$WORK/idle.log" || true)
				[[ -z $ready ]] && kill -0 "$CLIENT_PID" 2>/dev/null || break
			done
			if [[ -n $ready ]]; then
				read -r _ open _ <<<"$ready"
				sleep 2
				c0=$(cpu_ticks "$SERVER_PID")
				sleep "$IDLE_SECONDS"
				c1=$(cpu_ticks "$SERVER_PID")
				heap1=$(live_heap "$SERVER_PID" "$server") rss1=$(rss_kib "$SERVER_PID")
				jq -nc --arg server "$server" --arg version "$(server_version "$server")" --argjson level "$level" \
					--argjson open "$open" --argjson heap0 "$heap0" --argjson heap1 "$heap1" --argjson rss0 "$rss0" \
					--argjson rss1 "$rss1" --argjson seconds "$IDLE_SECONDS" --argjson c0 "$c0" --argjson c1 "$c1" \
					--argjson hz "$HZ" \
					'{kind: "idle", server: $server, server_version: $version, connections: $level, open: $open,
					  heap_before_bytes: $heap0, heap_after_bytes: $heap1, rss_before_kib: $rss0, rss_after_kib: $rss1,
					  idle_seconds: $seconds, idle_cpu_s: (($c1 - $c0) / $hz)}' | record
				log "   $ready"
			else
				log "   the client did not get ready: $(tail -3 "$WORK/idle.log")"
			fi
			stop_client
			stop_server
		done
	done
}

section_alloc() {
	local server depth
	for server in $ALLOC_SERVERS; do
		for depth in 1 16; do
			log "-- $server, pipeline depth $depth"
			# shellcheck disable=SC2086
			if waited java $JAVA_OPTS -cp "$JAR" dev.webserv.bench.tools.AllocationPerRequest "$server" \
				"$ALLOC_REQUESTS" "$depth" >"$WORK/alloc.out" 2>"$WORK/alloc.log"; then
				grep '^{' "$WORK/alloc.out" | jq -c --arg version "$(server_version "$server")" \
					'. + {server_version: $version}' | record
			else
				log "   failed: $(tail -3 "$WORK/alloc.log")"
			fi
		done
	done
}

section_jmh() {
	log "-- JMH, pinned to cpu $SERVER_CPU ($JMH_OPTS)"
	# shellcheck disable=SC2086
	if ! waited taskset -c "$SERVER_CPU" java -jar "$JAR" $JMH_OPTS -prof gc -rf json -rff "$WORK/jmh.json" \
		'dev.webserv.bench.jmh.*' >"$WORK/jmh.log" 2>&1; then
		log "   JMH failed: $(tail -3 "$WORK/jmh.log")"
		return 0
	fi
	jq -c '.[] | {kind: "jmh", benchmark, params: (.params // {}), ops_per_s: .primaryMetric.score,
		bytes_per_op: ((.secondaryMetrics["gc.alloc.rate.norm"] // .secondaryMetrics["·gc.alloc.rate.norm"]).score)}' \
		"$WORK/jmh.json" | record
}

# --- tls ---------------------------------------------------------------------------------------------------------

# the one certificate of every TLS server, made at run time (never checked in): ECDSA P-256, self-signed for
# 127.0.0.1, in PEM for nginx and in PKCS#12 (password "bench") for the JVMs
tls_cert() {
	local dir=$WORK/tls
	[[ -s $dir/cert.p12 ]] && return 0
	mkdir -p "$dir"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj /CN=127.0.0.1 \
		-addext subjectAltName=IP:127.0.0.1 -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
	openssl pkcs12 -export -inkey "$dir/key.pem" -in "$dir/cert.pem" -name bench -passout pass:bench \
		-out "$dir/cert.p12"
}

# what a default OpenSSL client (wrk's and curl's library) agrees with the running server, into RECORD_EXTRA:
# {"transport": "tls", "tls": "TLSv1.3 TLS_AES_128_GCM_SHA256 X25519"}; a warning unless it is AES-128-GCM
tls_agreed() {
	local out agreed
	out=$(timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -brief </dev/null 2>&1 || true)
	agreed="$(sed -n 's/^Protocol version: //p' <<<"$out") $(sed -n 's/^Ciphersuite: //p' <<<"$out")"
	agreed="$agreed $(sed -n 's/^\(Server\|Peer\) Temp Key: \([^,]*\).*/\2/p' <<<"$out" | head -1)"
	[[ $agreed == *TLS_AES_128_GCM_SHA256* ]] || log "   WARNING: $1 negotiated [$agreed], not TLS_AES_128_GCM_SHA256"
	log "   $1 negotiates $agreed"
	RECORD_EXTRA=$(jq -nc --arg tls "$agreed" '{transport: "tls", tls: $tls}')
}

# HANDSHAKE_CLIENTS `openssl s_time -new -www /` at once on the client core for $1 s: each connection a full
# handshake (s_time never resumes with -new) and one HTTP/1.0 GET that the server answers and closes; prints how
# many connections completed. Each client ends by itself (and `timeout` ends a stuck one).
s_time_clients() {
	local i total=0 count
	waited bash -c 'for ((i = 0; i < $1; i++)); do
		timeout $(($2 + 30)) taskset -c "$3" openssl s_time -connect "127.0.0.1:$4" -new -www / -time "$2" \
			>"$5.$i" 2>&1 &
	done
	wait' _ "$HANDSHAKE_CLIENTS" "$1" "$CLIENT_CPU" "$PORT" "$WORK/s_time" || true
	for ((i = 0; i < HANDSHAKE_CLIENTS; i++)); do
		count=$(awk '/real seconds/ { print $1; exit }' "$WORK/s_time.$i")
		total=$((total + ${count:-0}))
	done
	echo "$total"
}

# full handshakes per server-CPU-second, recorded as a "handshake" line (requests: connections, one request each)
handshakes() {
	local server=$1 round=$2 s0 s1 m0 m1 t0 t1 c0 c1 count
	((WARMUP > 0)) && s_time_clients "$WARMUP" >/dev/null
	s0=$(cpu_ticks "$SERVER_PID") m0=$(machine_ticks) c0=$(ended_children_ticks) t0=$(date +%s%N)
	count=$(s_time_clients "$DURATION")
	t1=$(date +%s%N) c1=$(ended_children_ticks) m1=$(machine_ticks) s1=$(cpu_ticks "$SERVER_PID")
	jq -nc --arg server "$server" --arg version "$(server_version "$server")" --argjson round "$round" \
		--argjson clients "$HANDSHAKE_CLIENTS" --argjson count "$count" --argjson requested "$DURATION" \
		--argjson s0 "$s0" --argjson s1 "$s1" --argjson m0 "$m0" --argjson m1 "$m1" --argjson t0 "$t0" \
		--argjson t1 "$t1" --argjson c0 "$c0" --argjson c1 "$c1" --argjson hz "$HZ" \
		'{kind: "handshake", server: $server, server_version: $version, path: "/", round: $round, clients: $clients,
		  requests: $count, duration_requested_s: $requested, duration_s: (($t1 - $t0) / 1e9),
		  wall_s: (($t1 - $t0) / 1e9), server_cpu_s: (($s1 - $s0) / $hz), client_cpu_s: (($c1 - $c0) / $hz),
		  machine_cpu_s: (($m1 - $m0) / $hz)}' | record
	log "   full handshakes round $round: $count in ${DURATION}s"
}

# TLS (issue 13): webserv, Netty on the JDK's SSLEngine and nginx, one certificate (ECDSA P-256), TLS 1.3 and
# TLS_AES_128_GCM_SHA256, alternating round by round (A B C A B C): keep-alive hello (wrk over https, "load" lines
# with the JVM's allocated bytes) and full handshakes ("handshake" lines); then the 1 GiB download ("stream")
section_tls() {
	local round server scenario SCHEME=https RECORD_EXTRA='{"transport": "tls"}'
	tls_cert
	((STREAM_MIB > 0)) && static_files
	for ((round = 1; round <= ROUNDS; round++)); do
		for server in $TLS_SERVERS; do
			log "-- $server, round $round"
			start_server "$server" / || continue
			check_hello "$server"
			tls_agreed "$server"
			SCENARIOS=$TLS_SCENARIOS warm_up /
			for scenario in $TLS_SCENARIOS; do
				ALLOC_PATH=/alloc load "$server" "$scenario" / "$round"
			done
			handshakes "$server" "$round"
			stop_server
		done
		((STREAM_MIB > 0)) || continue
		for server in $TLS_STREAM_SERVERS; do
			log "-- $server, round $round"
			start_server "$server" /hello.txt || continue
			tls_agreed "$server"
			SCENARIOS=c64 warm_up /64k.bin
			# one download unmeasured first: the JIT compiles the record path a 64 KiB warm-up barely runs
			waited taskset -c "$CLIENT_CPU" curl -sk -o /dev/null --max-time 120 "https://127.0.0.1:$PORT/big.bin" || true
			stream "$server" /big.bin "$round"
			log "   /big.bin round $round: $(tail -1 "$RESULTS" | jq -r '"\(.bytes) bytes in \(.wall_s) s, server CPU \(.server_cpu_s) s"')"
			stop_server
		done
	done
}

# --- main --------------------------------------------------------------------------------------------------------

mkdir -p "$OUT" "$WORK"
exec > >(tee -a "$OUT/run.log") 2>&1
trap cleanup EXIT
setup
build
META=$(meta)
log "== webserv bench $RUN_ID: sections [$SECTIONS], ${DURATION}s runs, $ROUNDS rounds, server on cpu $SERVER_CPU, load on cpu $CLIENT_CPU"
log "   results: $RESULTS"
for section in $SECTIONS; do
	log "== $section"
	"section_$section"
done
java -cp "$JAR" dev.webserv.bench.report.BenchReport "$RESULTS" --out "$OUT" --reference "$REFERENCE"
