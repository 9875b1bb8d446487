#!/usr/bin/env bash
# Single-node OpenSearch 2.19 for dev/tests, built only from Maven Central jars.
#
#   infra/opensearch/run.sh [PORT] [DATA_DIR]   build if needed, then run in the foreground
#   infra/opensearch/run.sh --build-only        build if needed, then exit
#
# PORT defaults to 9200, DATA_DIR to infra/opensearch/.data/PORT. The node listens on
# 127.0.0.1 only and prints "EMBEDDED-OPENSEARCH READY http://127.0.0.1:PORT ..." once started.
# Env: OPENSEARCH_HEAP (default 512m), OPENSEARCH_JAVA_OPTS (extra JVM flags),
#      OPENSEARCH_MAVEN_ARGS (extra mvn flags, e.g. -Dmaven.repo.local=/tmp/m2),
#      POC_OS_EXIT_ON_STDIN_EOF=1 (exit when stdin closes: used by launcher.py).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MAIN_CLASS=poctracker.opensearch.EmbeddedNode
STAMP="$HERE/target/.build-ok"

die() { echo "opensearch/run.sh: ERROR: $*" >&2; exit 1; }

require_java() {
  command -v java >/dev/null 2>&1 || die "java not found on PATH (need a JDK 17+; Debian: apt-get install openjdk-17-jdk-headless)"
  local v
  v="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  [[ "${v%%.*}" =~ ^[0-9]+$ && "${v%%.*}" -ge 17 ]] || die "java $v found, need 17+ (OpenSearch 2.19)"
}

up_to_date() {
  [[ -f "$STAMP" && -d "$HERE/target/classes" && -d "$HERE/target/dependency" ]] || return 1
  [[ -z "$(find "$HERE/pom.xml" "$HERE/src" -newer "$STAMP" -print -quit)" ]]
}

build() {
  up_to_date && return 0
  command -v mvn >/dev/null 2>&1 || die "mvn not found on PATH (need Maven 3.6+; Debian: apt-get install maven)"
  # shellcheck disable=SC2086
  local margs=(-B -q -f "$HERE/pom.xml" ${OPENSEARCH_MAVEN_ARGS:-} clean package)
  local log; log="$(mktemp)"
  echo "opensearch/run.sh: building (mvn package) ..." >&2
  # Offline first (fast, no network when ~/.m2 already has everything), else online.
  if ! mvn -o "${margs[@]}" >"$log" 2>&1; then
    echo "opensearch/run.sh: offline build incomplete, resolving from Maven Central ..." >&2
    if ! mvn "${margs[@]}" >"$log" 2>&1; then
      tail -n 40 "$log" >&2; rm -f "$log"
      die "maven build failed"
    fi
  fi
  rm -f "$log"
  touch "$STAMP"
  echo "opensearch/run.sh: build ok" >&2
}

locked_build() {
  # Serialise concurrent builds (e.g. parallel test workers).
  mkdir -p "$HERE/target"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$HERE/.build.lock"
    flock 9
    build
    flock -u 9; exec 9>&-
  else
    build
  fi
}

require_java
if [[ "${1:-}" == "--build-only" ]]; then
  locked_build
  exit 0
fi

PORT="${1:-9200}"
[[ "$PORT" =~ ^[0-9]+$ ]] || die "bad port: $PORT"
DATA_DIR="${2:-$HERE/.data/$PORT}"
up_to_date || locked_build
mkdir -p "$DATA_DIR/tmp"

JAVA_FLAGS=(
  "-Xms${OPENSEARCH_HEAP:-512m}" "-Xmx${OPENSEARCH_HEAP:-512m}"
  -XX:+UseG1GC -XX:+HeapDumpOnOutOfMemoryError "-XX:HeapDumpPath=$DATA_DIR"
  -Djava.awt.headless=true -Dfile.encoding=UTF-8
  # same defaults as the distribution's jvm.options
  -Djava.locale.providers=SPI,COMPAT
  -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true
  -Dio.netty.recycler.maxCapacityPerThread=0
  -Dlog4j.shutdownHookEnabled=false -Dlog4j2.disable.jmx=true
  "-Djava.io.tmpdir=$DATA_DIR/tmp"
)
[[ "${POC_OS_EXIT_ON_STDIN_EOF:-}" == "1" ]] && JAVA_FLAGS+=(-Dpoc.exitOnStdinEof=true)
# shellcheck disable=SC2206
JAVA_FLAGS+=(${OPENSEARCH_JAVA_OPTS:-})

exec java "${JAVA_FLAGS[@]}" -cp "$HERE/target/classes:$HERE/target/dependency/*" \
  "$MAIN_CLASS" "$DATA_DIR" "$PORT"
