#!/usr/bin/env bash
# Sourced by the other scripts: exports JAVA_HOME (and PATH) for a JDK 21 or newer, or stops with a clear
# message. Order: $JAVA_HOME if it is 21+, the `java` on PATH if it is 21+, else the newest JDK 21+ under
# /usr/lib/jvm.

_qtp_java_major() { # prints the major version of the given java binary, or nothing
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)
  [ -n "$v" ] && echo "${v%%.*}"
}

_qtp_pick_jdk() {
  local cand major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(_qtp_java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge 21 ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  if command -v javac >/dev/null 2>&1; then
    cand=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(_qtp_java_major "$cand/bin/java")
    if [ "${major:-0}" -ge 21 ]; then echo "$cand"; return 0; fi
  fi
  for cand in /usr/lib/jvm/*/; do
    cand=${cand%/}
    [ -x "$cand/bin/javac" ] || continue
    major=$(_qtp_java_major "$cand/bin/java")
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best=$cand; best_major=$major; fi
  done
  [ -n "$best" ] && echo "$best"
}

QTP_JDK=$(_qtp_pick_jdk)
if [ -z "$QTP_JDK" ]; then
  echo "error: query-type-predictor needs a JDK 21 or newer, and none was found (JAVA_HOME, PATH, /usr/lib/jvm)." >&2
  echo "       Install one (for example Debian's openjdk-21-jdk or a Temurin JDK) or set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME=$QTP_JDK
export PATH="$JAVA_HOME/bin:$PATH"
