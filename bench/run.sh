#!/usr/bin/env bash
# Side-by-side benchmark of webserv against its Java peers (and nginx) on this machine: see bench/README.md.
#
# Each server runs alone on 127.0.0.1, pinned to one core (taskset -c $SERVER_CPU), wrk pinned to the other
# ($CLIENT_CPU). Every figure that matters is a ratio measured in the same run, and requests per server-CPU-second
# (from /proc/<pid>/stat), because the machine is shared: the load of everything else is recorded per run, and
# a run whose "others" exceed $OTHERS_MAX cores is repeated (up to $RETRIES more times, the quietest kept).
#
# Sections ($SECTIONS, in this order): jmh alloc hello static memory. Quick smoke test: QUICK=1 bench/run.sh
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
QUICK=${QUICK:-0}
if [[ $QUICK == 1 ]]; then
	DURATION=${DURATION:-3}; WARMUP=${WARMUP:-2}; ALLOC_REQUESTS=${ALLOC_REQUESTS:-200000}
	JMH_OPTS=${JMH_OPTS:-"-f 1 -wi 2 -w 1s -i 2 -r 1s"}; IDLE_CONNECTIONS=${IDLE_CONNECTIONS:-2000}
	IDLE_SECONDS=${IDLE_SECONDS:-2}; RETRIES=${RETRIES:-0}
else
	DURATION=${DURATION:-10}; WARMUP=${WARMUP:-5}; ALLOC_REQUESTS=${ALLOC_REQUESTS:-1000000}
	JMH_OPTS=${JMH_OPTS:-"-f 1 -wi 3 -w 2s -i 5 -r 2s"}; IDLE_CONNECTIONS=${IDLE_CONNECTIONS:-10000}
	IDLE_SECONDS=${IDLE_SECONDS:-10}; RETRIES=${RETRIES:-2}
fi
SECTIONS=${SECTIONS:-"jmh alloc hello static memory"}
SERVERS=${SERVERS:-"webserv webserv-boot netty-epoll netty-nio undertow jetty tomcat webflux nginx"}
SCENARIOS=${SCENARIOS:-"c1 c64 c256p16"}
MEM_SERVERS=${MEM_SERVERS:-"webserv netty-epoll netty-nio"}
ALLOC_SERVERS=${ALLOC_SERVERS:-"webserv netty-nio"}
OTHERS_MAX=${OTHERS_MAX:-0.30}
SERVER_CPU=${SERVER_CPU:-1}
CLIENT_CPU=${CLIENT_CPU:-0}
BASE_PORT=${BASE_PORT:-29080}
JAVA_OPTS=${JAVA_OPTS:-"-XX:+UseSerialGC -Xms512m -Xmx512m"}
STATIC_1G_REPEATS=${STATIC_1G_REPEATS:-3}
SKIP_BUILD=${SKIP_BUILD:-0}
WORK=${WORK:-$BENCH_DIR/target/run}
JAR=$BENCH_DIR/target/webserv-bench.jar
CLK_TCK=$(getconf CLK_TCK)
LOG=${LOG:-$WORK/run-$(date +%Y%m%d-%H%M%S).txt}

mkdir -p "$WORK"
exec > >(tee -a "$LOG") 2>&1
STARTED_PIDS=()
trap cleanup EXIT

cleanup() {
	local pid
	for pid in "${STARTED_PIDS[@]:-}"; do
		[[ -n $pid ]] && kill "$pid" 2>/dev/null || true
	done
}

log() { printf '%s\n' "$*"; }

# ---------------------------------------------------------------------------------------------------------------
# setup

install_tools() {
	local missing=()
	command -v wrk >/dev/null || missing+=(wrk)
	command -v curl >/dev/null || missing+=(curl)
	command -v taskset >/dev/null || missing+=(util-linux)
	if [[ " $SERVERS $SECTIONS " == *" nginx "* || " $SECTIONS " == *" static "* ]]; then
		command -v nginx >/dev/null || missing+=(nginx)
	fi
	if ((${#missing[@]})); then
		log "installing from Debian packages: ${missing[*]}"
		local sudo=""
		[[ $(id -u) != 0 ]] && sudo=sudo
		$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
	fi
	ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
}

build() {
	if [[ $SKIP_BUILD == 1 && -f $JAR ]]; then
		return
	fi
	log "building: ./mvnw -B -q -Pbench -pl bench -am package -DskipTests"
	(cd "$ROOT" && ./mvnw -B -q -Pbench -pl bench -am package -DskipTests)
}

machine() {
	log "== webserv side-by-side benchmark, $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
	log "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"
	log "java: $(java -version 2>&1 | head -1); wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); nginx: $(nginx -v 2>&1 | cut -d' ' -f3)"
	log "commit: $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null)$(cd "$ROOT" && git diff --quiet HEAD -- webserv-core 2>/dev/null || echo ' (webserv-core has uncommitted changes)')"
	log "settings: QUICK=$QUICK DURATION=${DURATION}s WARMUP=${WARMUP}s SERVER_CPU=$SERVER_CPU CLIENT_CPU=$CLIENT_CPU OTHERS_MAX=$OTHERS_MAX RETRIES=$RETRIES"
	log "JAVA_OPTS=$JAVA_OPTS"
	local before after
	before=$(cpu_busy_total)
	sleep 2
	after=$(cpu_busy_total)
	log "machine load before the run (2 s, all processes): $(awk -v b="$before" -v a="$after" -v t="$CLK_TCK" 'BEGIN {split(b,x); split(a,y); printf "%.2f of %d cores busy", (y[1]-x[1])/t/2, 2}') "
	log ""
}

# ---------------------------------------------------------------------------------------------------------------
# /proc accounting

# "busy total" ticks of all cores, from the first line of /proc/stat
cpu_busy_total() {
	awk '/^cpu / {busy=$2+$3+$4+$7+$8+$9; print busy, busy+$5+$6}' /proc/stat
}

# the pid and all its descendants
tree_pids() {
	local pid=$1 child
	echo "$pid"
	for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do
		tree_pids "$child"
	done
}

# utime+stime ticks of a process tree (threads included: /proc/<pid>/stat sums them)
cpu_ticks() {
	local total=0 pid line rest
	for pid in $(tree_pids "$1"); do
		line=$(cat /proc/"$pid"/stat 2>/dev/null) || continue
		rest=${line##*) }
		read -r -a f <<<"$rest"
		total=$((total + f[11] + f[12]))
	done
	echo "$total"
}

# resident set size of a process tree, KiB
rss_kib() {
	local total=0 pid kb
	for pid in $(tree_pids "$1"); do
		kb=$(awk '/^VmRSS:/ {print $2}' /proc/"$pid"/status 2>/dev/null || echo 0)
		total=$((total + ${kb:-0}))
	done
	echo "$total"
}

# ---------------------------------------------------------------------------------------------------------------
# servers

port_of() {
	local i=0 s
	for s in webserv webserv-boot netty-epoll netty-nio undertow jetty tomcat webflux nginx webserv-static nginx-static; do
		[[ $s == "$1" ]] && { echo $((BASE_PORT + i)); return; }
		i=$((i + 1))
	done
	echo "unknown server $1" >&2
	return 1
}

# the command that runs a server on a port; empty when the server is not available (a message says why)
server_cmd() {
	local name=$1 port=$2 java="java $JAVA_OPTS -cp $JAR"
	case $name in
		webserv) echo "$java dev.webserv.bench.servers.WebservHello $port 1" ;;
		webserv-boot)
			if [[ -f $BENCH_DIR/target/classes/dev/webserv/bench/boot/WebservBootHello.class ]]; then
				echo "$java dev.webserv.bench.boot.WebservBootHello $port"
			fi ;;
		netty-epoll) echo "$java dev.webserv.bench.servers.NettyHello $port epoll" ;;
		netty-nio) echo "$java dev.webserv.bench.servers.NettyHello $port nio" ;;
		undertow) echo "$java dev.webserv.bench.servers.UndertowHello $port" ;;
		jetty) echo "$java dev.webserv.bench.servers.JettyHello $port" ;;
		tomcat) echo "$java dev.webserv.bench.servers.TomcatHello $port" ;;
		webflux) echo "$java dev.webserv.bench.webflux.WebFluxHello $port" ;;
		webserv-static) echo "$java dev.webserv.bench.servers.WebservStatic $port $WORK/static 1" ;;
		nginx) nginx_conf hello "$port"; echo "nginx -p $WORK/nginx-hello -c $WORK/nginx-hello/nginx.conf -e $WORK/nginx-hello/error.log" ;;
		nginx-static) nginx_conf static "$port"; echo "nginx -p $WORK/nginx-static -c $WORK/nginx-static/nginx.conf -e $WORK/nginx-static/error.log" ;;
	esac
}

why_missing() {
	case $1 in
		webserv-boot) echo "pending: no bench Boot app with a webserv handler bean yet (the starter's handler-bean API is being written, issue 4; see bench/README.md)" ;;
		*) echo "not available" ;;
	esac
}

# nginx, one worker (pinned with the master by taskset), access log off, unlimited keep-alive requests
nginx_conf() {
	local kind=$1 port=$2 dir=$WORK/nginx-$1 user="" body
	mkdir -p "$dir/tmp"
	[[ $(id -u) == 0 ]] && user="user root;"
	if [[ $kind == hello ]]; then
		body='location / { return 200 "Hello, World!"; }'
	else
		body="root $WORK/static; location / { }"
	fi
	cat >"$dir/nginx.conf" <<-EOF
		$user
		worker_processes 1;
		daemon off;
		pid $dir/nginx.pid;
		error_log $dir/error.log warn;
		worker_rlimit_nofile 20000;
		events { worker_connections 16384; }
		http {
		    access_log off;
		    default_type text/plain;
		    sendfile on;
		    tcp_nopush on;
		    tcp_nodelay on;
		    keepalive_requests 1000000000;
		    keepalive_timeout 600s;
		    client_body_temp_path $dir/tmp/body;
		    proxy_temp_path $dir/tmp/proxy;
		    fastcgi_temp_path $dir/tmp/fastcgi;
		    uwsgi_temp_path $dir/tmp/uwsgi;
		    scgi_temp_path $dir/tmp/scgi;
		    server {
		        listen 127.0.0.1:$port backlog=1024;
		        $body
		    }
		}
	EOF
}

SERVER_PID=""

# starts a server pinned to SERVER_CPU and waits (bounded) until PROBE_PATH answers 200
start_server() {
	local name=$1 port=$2 path=${3:-/} cmd
	cmd=$(server_cmd "$name" "$port")
	if [[ -z $cmd ]]; then
		return 1
	fi
	if (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; then
		log "   port $port is already in use by another process: set BASE_PORT"
		return 1
	fi
	# shellcheck disable=SC2086
	taskset -c "$SERVER_CPU" $cmd >"$WORK/$name.log" 2>&1 &
	SERVER_PID=$!
	STARTED_PIDS+=("$SERVER_PID")
	local i
	for ((i = 0; i < 240; i++)); do
		if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port$path"; then
			return 0
		fi
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
	[[ -z $SERVER_PID ]] && return
	kill "$SERVER_PID" 2>/dev/null || true
	local i
	for ((i = 0; i < 30; i++)); do
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.5
	done
	kill -9 "$SERVER_PID" 2>/dev/null || true
	wait "$SERVER_PID" 2>/dev/null || true
	SERVER_PID=""
}

# checks the hello response: 200, 13-byte body, Server, Date and Content-Length: 13
check_hello() {
	local port=$1 head body
	head=$(curl -s -D - -o "$WORK/body" "http://127.0.0.1:$port/" | tr -d '\r')
	body=$(cat "$WORK/body")
	if [[ $body != "Hello, World!" ]] || ! grep -qi '^server:' <<<"$head" || ! grep -qi '^date:' <<<"$head" \
		|| ! grep -qi '^content-length: 13$' <<<"$head"; then
		log "   WARNING: response differs from the reference: $(tr '\n' '|' <<<"$head") body=[$body]" >&2
	fi
	echo "$(curl -s -o /dev/null -w '%{size_header}' "http://127.0.0.1:$port/")"
}

# ---------------------------------------------------------------------------------------------------------------
# load runs

PIPELINE_LUA=$WORK/pipeline.lua
write_lua() {
	cat >"$PIPELINE_LUA" <<-'EOF'
		-- sends args[1] (default 16) requests back to back per round trip: HTTP/1.1 pipelining
		init = function(args)
		  local depth = tonumber(args[1]) or 16
		  local r = {}
		  for i = 1, depth do r[i] = wrk.format() end
		  req = table.concat(r)
		end
		request = function() return req end
	EOF
}

# wrk arguments of a scenario: cN (N connections) or cNpD (N connections, pipeline depth D)
wrk_args() {
	local scenario=$1 url=$2 conns depth
	conns=${scenario#c}; conns=${conns%%p*}
	depth=1
	[[ $scenario == *p* ]] && depth=${scenario##*p}
	if ((depth > 1)); then
		echo "-t1 -c$conns -d${DURATION}s --latency -s $PIPELINE_LUA $url $depth"
	else
		echo "-t1 -c$conns -d${DURATION}s --latency $url"
	fi
}

to_ms() {
	# wrk prints 0.00us for a percentile its histogram lost (seen with pipelining): shown as "-"
	awk -v v="$1" 'BEGIN {
		if (v ~ /^0(\.0+)?[um]?s$/) printf "-"
		else if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
		else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
		else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
		else printf "-" }'
}

# one measured wrk run; sets R_* globals
measure() {
	local pid=$1 args=$2 out=$WORK/wrk.out tf=$WORK/wrk.time
	local s0 s1 m0 m1 t0 t1
	s0=$(cpu_ticks "$pid"); m0=$(cpu_busy_total); t0=$(date +%s.%N)
	TIMEFORMAT='%U %S'
	# shellcheck disable=SC2086
	{ time taskset -c "$CLIENT_CPU" wrk $args >"$out" 2>&1; } 2>"$tf" || true
	t1=$(date +%s.%N); m1=$(cpu_busy_total); s1=$(cpu_ticks "$pid")
	cat "$out" >>"$WORK/wrk-all.out"
	R_REQS=$(awk '/requests in/ {print $1}' "$out")
	R_REQS=${R_REQS:-0}
	R_RPS=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$out")
	R_P50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
	R_P99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
	R_ERR=$(awk '/Socket errors/ {gsub(",", ""); e=$4+$6+$8+$10} /Non-2xx/ {e+=$5} END {print e+0}' "$out")
	R_RSS=$(($(rss_kib "$pid") / 1024))
	read -r R_SRV R_WRK R_OTH R_WALL < <(awk -v s0="$s0" -v s1="$s1" -v m0="$m0" -v m1="$m1" -v t0="$t0" -v t1="$t1" \
		-v tk="$CLK_TCK" -v wt="$(cat "$tf")" 'BEGIN {
			split(m0, a); split(m1, b); split(wt, w)
			wall = t1 - t0; srv = (s1 - s0) / tk; wrk = w[1] + w[2]
			oth = (b[1] - a[1]) / tk - srv - wrk; if (oth < 0) oth = 0
			printf "%.3f %.3f %.3f %.3f\n", srv, wrk, oth / wall, wall }')
	R_RPC=$(awk -v r="$R_REQS" -v c="$R_SRV" 'BEGIN {printf "%.0f", (c > 0 ? r / c : 0)}')
}

declare -A RES

run_scenario() {
	local name=$1 pid=$2 port=$3 scenario=$4 try best_oth=999 best=""
	for ((try = 0; try <= RETRIES; try++)); do
		measure "$pid" "$(wrk_args "$scenario" "http://127.0.0.1:$port/")"
		local line
		line="$R_RPS|$R_RPC|$(awk -v s="$R_SRV" -v w="$R_WALL" 'BEGIN {printf "%.2f", s / w}')|$(awk -v s="$R_WRK" -v w="$R_WALL" 'BEGIN {printf "%.2f", s / w}')|$R_P50|$R_P99|$R_RSS|$R_OTH|$((try + 1))|$R_ERR"
		log "   $(printf '%-8s try %d: %9s req/s %9s req/cpu-s  server %s cores  wrk %s cores  p50 %s ms  p99 %s ms  rss %s MiB  others %s cores  errors %s' \
			"$scenario" $((try + 1)) "$R_RPS" "$R_RPC" "$(cut -d'|' -f3 <<<"$line")" "$(cut -d'|' -f4 <<<"$line")" "$R_P50" "$R_P99" "$R_RSS" "$R_OTH" "$R_ERR")"
		if awk -v o="$R_OTH" -v b="$best_oth" 'BEGIN {exit !(o < b)}'; then
			best=$line; best_oth=$R_OTH
		fi
		if awk -v o="$R_OTH" -v m="$OTHERS_MAX" 'BEGIN {exit !(o <= m)}'; then
			break
		fi
		((try < RETRIES)) && log "   disturbed (others ${R_OTH} > ${OTHERS_MAX} cores): repeating"
	done
	# tries = how many runs were made; the kept one is the least disturbed
	RES["$name|$scenario"]=$(awk -F'|' -v t="$((try > RETRIES ? RETRIES + 1 : try + 1))" 'BEGIN {OFS="|"} {$9=t; print}' <<<"$best")
}

section_hello() {
	log "== hello: 13-byte text/plain, server on cpu $SERVER_CPU, wrk -t1 on cpu $CLIENT_CPU, ${DURATION}s per run after ${WARMUP}s warm-up"
	write_lua
	: >"$WORK/wrk-all.out"
	local name port
	for name in $SERVERS; do
		port=$(port_of "$name")
		if [[ -z $(server_cmd "$name" "$port") ]]; then
			log "-- $name: $(why_missing "$name")"
			continue
		fi
		log "-- $name (port $port)"
		if ! start_server "$name" "$port"; then
			continue
		fi
		log "   response head: $(check_hello "$port") bytes"
		local saved=$DURATION
		DURATION=$WARMUP
		taskset -c "$CLIENT_CPU" wrk $(wrk_args c64 "http://127.0.0.1:$port/") >/dev/null 2>&1 || true
		taskset -c "$CLIENT_CPU" wrk $(wrk_args c256p16 "http://127.0.0.1:$port/") >/dev/null 2>&1 || true
		DURATION=$saved
		local scenario
		for scenario in $SCENARIOS; do
			run_scenario "$name" "$SERVER_PID" "$port" "$scenario"
		done
		stop_server
	done
	print_hello_table
}

print_hello_table() {
	log ""
	log "== hello results (ratio = requests per server-CPU-second / webserv's; c1 also p50 latency / webserv's)"
	local scenario name v
	for scenario in $SCENARIOS; do
		local base=${RES["webserv|$scenario"]:-}
		local base_rpc base_p50
		base_rpc=$(cut -d'|' -f2 <<<"$base")
		base_p50=$(cut -d'|' -f5 <<<"$base")
		log ""
		log "$scenario"
		printf '%-13s %10s %12s %8s %7s %7s %9s %9s %8s %8s %6s %5s %s\n' server "req/s" "req/cpu-s" "srv-cpu" "wrk-cpu" \
			"p50ms" "p99ms" "rss-MiB" "others" "ratio" "p50x" "tries" "errors"
		for name in $SERVERS; do
			v=${RES["$name|$scenario"]:-}
			[[ -z $v ]] && continue
			awk -F'|' -v n="$name" -v br="$base_rpc" -v bp="$base_p50" '{
				ratio = (br > 0) ? sprintf("%.2fx", $2 / br) : "-"
				p50x = (bp > 0 && $5 > 0) ? sprintf("%.2f", $5 / bp) : "-"
				printf "%-13s %10s %12s %8s %7s %7s %9s %9s %8s %8s %6s %5s %s\n", n, $1, $2, $3, $4, $5, $6, $7, $8, ratio, p50x, $9, $10
			}' <<<"$v"
		done
	done
	log ""
	log "req/cpu-s: requests / server CPU seconds (utime+stime of the server process tree over the run); srv-cpu and wrk-cpu:"
	log "cores used; others: cores used by every other process (and unattributed softirq) during the run."
	log ""
}

# ---------------------------------------------------------------------------------------------------------------
# JMH and allocation per request

section_jmh() {
	log "== jmh: parser and head encoder, -prof gc, pinned to cpu $SERVER_CPU ($JMH_OPTS)"
	# shellcheck disable=SC2086
	taskset -c "$SERVER_CPU" java -jar "$JAR" $JMH_OPTS -prof gc -rf text -rff "$WORK/jmh.txt" 'dev.webserv.bench.jmh.*' \
		>"$WORK/jmh.log" 2>&1 || { log "   jmh failed: $(tail -5 "$WORK/jmh.log")"; return; }
	grep -vE 'gc\.(count|time|alloc\.rate)( |$)|churn' "$WORK/jmh.txt" | grep -E 'Benchmark|thrpt|gc.alloc.rate.norm' || cat "$WORK/jmh.txt"
	log ""
}

section_alloc() {
	log "== alloc: bytes allocated per request by the server's threads, end to end over loopback, in one JVM"
	local name depth
	for name in $ALLOC_SERVERS; do
		for depth in 1 16; do
			# shellcheck disable=SC2086
			java $JAVA_OPTS -cp "$JAR" dev.webserv.bench.tools.AllocationPerRequest "$name" "$ALLOC_REQUESTS" "$depth" 2>&1 \
				| grep -v '^SLF4J' || log "   $name depth $depth failed"
		done
	done
	log ""
}

# ---------------------------------------------------------------------------------------------------------------
# static files

section_static() {
	log "== static: nginx (one worker) vs webserv, same files, server on cpu $SERVER_CPU"
	mkdir -p "$WORK/static"
	printf 'Hello, World!' >"$WORK/static/hello.txt"
	[[ -f $WORK/static/64k.bin ]] || head -c 65536 /dev/urandom >"$WORK/static/64k.bin"
	[[ $(stat -c %s "$WORK/static/1g.bin" 2>/dev/null || echo 0) == 1073741824 ]] \
		|| dd if=/dev/urandom of="$WORK/static/1g.bin" bs=1M count=1024 status=none
	cat "$WORK/static/1g.bin" >/dev/null # page cache, for both servers alike
	chmod -R a+rX "$WORK/static"
	write_lua
	local name port
	for name in nginx-static webserv-static; do
		port=$(port_of "$name")
		log "-- $name (port $port)"
		if ! start_server "$name" "$port" /hello.txt; then
			continue
		fi
		local got
		got=$(curl -s "http://127.0.0.1:$port/hello.txt")
		if [[ $got != "Hello, World!" ]] || [[ $(curl -s -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port/64k.bin") != 65536 ]]; then
			log "   SKIPPED: $name does not serve files from a root yet (GET /hello.txt answered: $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/hello.txt")); webserv static files are issue 3"
			stop_server
			continue
		fi
		local saved=$DURATION
		DURATION=$WARMUP
		taskset -c "$CLIENT_CPU" wrk $(wrk_args c64 "http://127.0.0.1:$port/64k.bin") >/dev/null 2>&1 || true
		DURATION=$saved
		local file
		for file in hello.txt 64k.bin; do
			measure "$SERVER_PID" "$(wrk_args c64 "http://127.0.0.1:$port/$file")"
			local mbs
			mbs=$(awk -v r="$R_REQS" -v w="$R_WALL" -v f="$file" 'BEGIN {printf "%.0f", r * (f == "hello.txt" ? 13 : 65536) / w / 1e6}')
			RES["$name|$file"]="$R_RPS|$R_RPC|$(awk -v s="$R_SRV" -v w="$R_WALL" 'BEGIN {printf "%.2f", s / w}')|$mbs|$R_P50|$R_P99|$R_RSS|$R_OTH|$R_ERR"
			log "   $(printf '%-9s c64: %9s req/s %9s req/cpu-s  %s MB/s body  p50 %s ms  p99 %s ms  others %s cores' "$file" "$R_RPS" "$R_RPC" "$mbs" "$R_P50" "$R_P99" "$R_OTH")"
		done
		local best=0 i speed s0 s1 t0 t1
		s0=$(cpu_ticks "$SERVER_PID"); t0=$(date +%s.%N)
		for ((i = 0; i < STATIC_1G_REPEATS; i++)); do
			speed=$(taskset -c "$CLIENT_CPU" curl -s -o /dev/null --max-time 60 -w '%{speed_download}' "http://127.0.0.1:$port/1g.bin")
			best=$(awk -v a="$best" -v b="$speed" 'BEGIN {m = (b > a) ? b : a; print m}')
		done
		s1=$(cpu_ticks "$SERVER_PID"); t1=$(date +%s.%N)
		local gbs
		gbs=$(awk -v b="$best" 'BEGIN {printf "%.2f", b / 1e9}')
		RES["$name|1g"]="$gbs|$(awk -v s0="$s0" -v s1="$s1" -v tk="$CLK_TCK" -v n="$STATIC_1G_REPEATS" 'BEGIN {printf "%.2f", (s1 - s0) / tk / n}')"
		log "   1g.bin    one stream (curl, best of $STATIC_1G_REPEATS): $gbs GB/s, server CPU $(cut -d'|' -f2 <<<"${RES["$name|1g"]}") s per GiB"
		stop_server
	done
	log ""
	log "== static results (ratios = webserv / nginx: req/cpu-s for 13 B and 64 KiB, GB/s for 1 GiB; targets 1.0x, 0.9x, 0.9x)"
	printf '%-15s %12s %12s %12s %12s %10s %10s %8s\n' server "13B req/s" "13B req/cpu" "64K req/s" "64K req/cpu" "1G GB/s" "1G cpu-s" ratios
	for name in nginx-static webserv-static; do
		local a=${RES["$name|hello.txt"]:-} b=${RES["$name|64k.bin"]:-} c=${RES["$name|1g"]:-}
		[[ -z $a ]] && { printf '%-15s %s\n' "$name" "skipped"; continue; }
		local na=${RES["nginx-static|hello.txt"]:-} nb=${RES["nginx-static|64k.bin"]:-} nc=${RES["nginx-static|1g"]:-}
		printf '%-15s %12s %12s %12s %12s %10s %10s %s\n' "$name" "$(cut -d'|' -f1 <<<"$a")" "$(cut -d'|' -f2 <<<"$a")" \
			"$(cut -d'|' -f1 <<<"$b")" "$(cut -d'|' -f2 <<<"$b")" "$(cut -d'|' -f1 <<<"$c")" "$(cut -d'|' -f2 <<<"$c")" \
			"$(awk -v a="$(cut -d'|' -f2 <<<"$a")" -v b="$(cut -d'|' -f2 <<<"$na")" -v c="$(cut -d'|' -f2 <<<"$b")" -v d="$(cut -d'|' -f2 <<<"$nb")" \
				-v e="$(cut -d'|' -f1 <<<"$c")" -v f="$(cut -d'|' -f1 <<<"$nc")" \
				'BEGIN {printf "13B %.2fx  64K %.2fx  1G %.2fx", b ? a / b : 0, d ? c / d : 0, f ? e / f : 0}')"
	done
	log ""
}

# ---------------------------------------------------------------------------------------------------------------
# memory: idle keep-alive connections

live_heap_bytes() {
	# GC.class_histogram runs a full GC first: its total is the live heap
	jcmd "$1" GC.class_histogram 2>/dev/null | awk '/^Total/ {print $3}'
}

section_memory() {
	log "== memory: $IDLE_CONNECTIONS idle keep-alive connections (one request each), live heap and RSS per connection"
	local name port
	for name in $MEM_SERVERS; do
		port=$(port_of "$name")
		log "-- $name (port $port)"
		if ! start_server "$name" "$port"; then
			continue
		fi
		taskset -c "$CLIENT_CPU" wrk -t1 -c16 -d2s "http://127.0.0.1:$port/" >/dev/null 2>&1 || true
		sleep 1
		local heap0 rss0 heap1 rss1 client ready="" i
		heap0=$(live_heap_bytes "$SERVER_PID"); rss0=$(rss_kib "$SERVER_PID")
		taskset -c "$CLIENT_CPU" java -Xmx512m -cp "$JAR" dev.webserv.bench.tools.IdleConnections 127.0.0.1 "$port" \
			"$IDLE_CONNECTIONS" $((IDLE_SECONDS + 120)) >"$WORK/idle-$name.log" 2>&1 &
		client=$!
		STARTED_PIDS+=("$client")
		for ((i = 0; i < 240; i++)); do
			ready=$(grep -m1 '^READY' "$WORK/idle-$name.log" || true)
			[[ -n $ready ]] && break
			kill -0 "$client" 2>/dev/null || break
			sleep 0.5
		done
		if [[ -z $ready ]]; then
			log "   client did not get ready: $(tail -3 "$WORK/idle-$name.log")"
			kill "$client" 2>/dev/null || true
			stop_server
			continue
		fi
		local open
		open=$(awk '{print $2}' <<<"$ready")
		sleep 2
		local c0 c1
		c0=$(cpu_ticks "$SERVER_PID")
		sleep "$IDLE_SECONDS"
		c1=$(cpu_ticks "$SERVER_PID")
		heap1=$(live_heap_bytes "$SERVER_PID"); rss1=$(rss_kib "$SERVER_PID")
		local still
		still=$(ls /proc/"$SERVER_PID"/fd 2>/dev/null | wc -l)
		RES["$name|mem"]=$(awk -v n="$open" -v h0="$heap0" -v h1="$heap1" -v r0="$rss0" -v r1="$rss1" -v c0="$c0" -v c1="$c1" \
			-v tk="$CLK_TCK" -v s="$IDLE_SECONDS" 'BEGIN {
				printf "%d|%.1f|%.1f|%.0f|%.0f|%.0f|%.2f", n, h0 / 1048576, h1 / 1048576, (h1 - h0) / n, (r1 - r0) * 1024 / n, r1 / 1024, (c1 - c0) / tk / s * 100 }')
		log "   $ready; server fds $still; live heap $(cut -d'|' -f2 <<<"${RES["$name|mem"]}") -> $(cut -d'|' -f3 <<<"${RES["$name|mem"]}") MiB; idle CPU $(cut -d'|' -f7 <<<"${RES["$name|mem"]}") %"
		kill "$client" 2>/dev/null || true
		wait "$client" 2>/dev/null || true
		stop_server
	done
	log ""
	log "== memory results (target: <= 4096 heap bytes per idle connection; idle server ~0% CPU)"
	printf '%-13s %8s %12s %12s %14s %14s %9s %10s %8s\n' server conns "heap0-MiB" "heap1-MiB" "heap-B/conn" "rss-B/conn" "rss-MiB" "idle-cpu%" "ratio"
	local base
	base=$(cut -d'|' -f4 <<<"${RES["webserv|mem"]:-}")
	for name in $MEM_SERVERS; do
		local v=${RES["$name|mem"]:-}
		[[ -z $v ]] && continue
		awk -F'|' -v n="$name" -v b="$base" '{printf "%-13s %8s %12s %12s %14s %14s %9s %10s %8s\n", n, $1, $2, $3, $4, $5, $6, $7, (b > 0) ? sprintf("%.2fx", $4 / b) : "-"}' <<<"$v"
	done
	log "(ratio: heap bytes per connection / webserv's)"
	log ""
}

# ---------------------------------------------------------------------------------------------------------------

install_tools
build
machine
for section in $SECTIONS; do
	"section_$section"
done
log "raw output: $LOG"
