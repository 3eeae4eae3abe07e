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
#   - exit on OutOfMemoryError so that a supervisor restarts the process instead of it limping on.
# Containers use percentages of the memory limit instead: see deploy/docker/Dockerfile and docs/DEPLOYMENT.md.
QTP_DEFAULT_JAVA_OPTS="-XX:+UseParallelGC -Xms192m -Xmx192m -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError"
export QTP_JAVA_OPTS="${JAVA_OPTS-$QTP_DEFAULT_JAVA_OPTS}"
