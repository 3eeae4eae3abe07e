#!/usr/bin/env bash
# Sourced by scripts/run.sh and scripts/bench/http-load.sh: the JVM options the service runs with on a host
# when JAVA_OPTS is not set (an empty JAVA_OPTS means "JVM defaults"). Sized from the benchmarks in
# docs/BENCHMARKS.md ("JVM sizing"):
#   - a fixed 192 MB heap: the live set is about 35 MB at start and about 67 MB with the prediction cache full
#     (100,000 entries of about 320 bytes); without a cap the JVM takes a quarter of the machine's RAM and G1
#     grows into it (1.4 GB resident after 5 minutes of load on a 24 GB machine);
#   - the parallel collector: on 2 cores shared with other load its young pauses were shorter than G1's
#     (p99 54 vs 159 ms and 119 vs 156 ms in interleaved runs under heavy outside load);
#   - a 64 MB code cache (the service uses far less; the default reserves 240 MB, of which the touched part
#     counts as resident memory);
#   - four JIT compiler threads instead of the two the JVM picks on 2 cores: full speed after start is bound by
#     the C2 compiler (about 30 s of compiler-thread time under load), and more compiler threads take a larger
#     share of the cores while there is a queue; they exit when it is empty ("Time to full speed");
#   - the native heap trimmed every 2 s: the compilers' freed arenas go back to the OS instead of staying
#     resident (RSS at the end of the warm-up run 307-310 MB instead of 368-391 MB with four threads untrimmed).
#     Only when the JVM takes the flag as a product option (JDK 22+, and the 17/21 updates of 2024 on; earlier
#     JDK 21 builds refuse it and would not start);
#   - exit on OutOfMemoryError so that a supervisor restarts the process instead of it limping on.
# Containers use percentages of the memory limit instead: see deploy/docker/Dockerfile and docs/DEPLOYMENT.md.
_qtp_trim=
if [ -z "${JAVA_OPTS+set}" ] && "${JAVA_HOME:+$JAVA_HOME/bin/}java" -XX:TrimNativeHeapInterval=2000 -version >/dev/null 2>&1; then
  _qtp_trim=" -XX:TrimNativeHeapInterval=2000"
fi
QTP_DEFAULT_JAVA_OPTS="-XX:+UseParallelGC -Xms192m -Xmx192m -XX:ReservedCodeCacheSize=64m -XX:CICompilerCount=4\
$_qtp_trim -XX:+ExitOnOutOfMemoryError"
export QTP_JAVA_OPTS="${JAVA_OPTS-$QTP_DEFAULT_JAVA_OPTS}"
