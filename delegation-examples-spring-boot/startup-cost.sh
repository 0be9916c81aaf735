#!/bin/sh
# What the partner delegation starter costs a Spring Boot host at start, in one run:
#   delegation-examples-spring-boot/startup-cost.sh [runs, default 7]
# starts a bare host (web, security, JDBC on H2: startup-cost/bare-host.xml) and the same host with the starter,
# alternately, each in a fresh JVM, and prints the median (min-max) start times and the class paths' sizes.
# Offline (-o): the first build of the repository downloads what it needs. Run it on a quiet machine.
set -eu
cd "$(dirname "$0")/.."
runs="${1:-7}"
out="$PWD/delegation-examples-spring-boot/target/startup-cost"
mkdir -p "$out"

echo "Compiling the library and the measured hosts..."
mvn -B -q -o -pl delegation-examples-spring-boot -am test-compile -DskipTests
echo "Listing the bare host's class path..."
mvn -B -q -o -f delegation-examples-spring-boot/startup-cost/bare-host.xml dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$out/bare.classpath"
echo "Listing the starter's class path (the library's modules as their target/classes)..."
mvn -B -q -o -pl delegation-spring-boot-starter -am compile dependency:build-classpath -Dmaven.test.skip \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$out/starter.classpath"

java -cp delegation-examples-spring-boot/target/test-classes org.partnerdelegation.examples.startup.StartupCost \
    "$runs" delegation-examples-spring-boot/target/test-classes "$out/bare.classpath" "$out/starter.classpath"
