#!/usr/bin/env python3
import sys,re,collections
# Per stage CPU of an uncached prediction from a JFR recording (docs/BENCHMARKS.md, "Profile by stage"):
#   jfr print --events jdk.ExecutionSample --stack-depth 64 rec.jfr > rec.txt; python3 scripts/bench/jfr-stages.py rec.txt
# or, with JDK 25's CPU-time sampler (which also counts the time a thread spends in native code and system calls,
# such as socket writes; docs/BENCHMARKS.md, "CPU time by stage"):
#   jfr print --events jdk.CPUTimeSample --stack-depth 96 rec.jfr > rec.txt; python3 scripts/bench/jfr-stages.py rec.txt
# Each execution sample counts for the innermost frame that belongs to a stage (JDK frames count for their caller).
STAGES=[
 ("analysis: OpenNLP (English tokens, POS)", re.compile(r"^opennlp\.")),
 ("analysis: Kuromoji (Japanese tokens)", re.compile(r"^org\.apache\.lucene\.")),
 ("model: feature encoding + compiled linear model", re.compile(r"^io\.qtp\.classify\.|^org\.tribuo\.")),
 ("analysis: features, guide cues, language", re.compile(r"^io\.qtp\.analysis\.")),
 ("JSON (Jackson)", re.compile(r"^com\.fasterxml\.jackson\.")),
 ("cache (Caffeine, key)", re.compile(r"^com\.github\.benmanes\.caffeine\.|^io\.qtp\.cache\.")),
 ("metrics (Micrometer)", re.compile(r"^io\.micrometer\.")),
 ("logging (JSON access log)", re.compile(r"^org\.jboss\.logmanager\.|^io\.quarkus\.logging\.|^org\.jboss\.logging\.")),
 ("query log / store", re.compile(r"^io\.qtp\.store\.")),
 ("service code (prediction, http, observability, security)", re.compile(r"^io\.qtp\.")),
 ("HTTP stack (RESTEasy Reactive, Vert.x, Netty)", re.compile(r"^org\.jboss\.resteasy\.|^io\.vertx\.|^io\.netty\.|^io\.quarkus\.")),
]
counts=collections.Counter(); total=0
frames=[]
def flush():
    global total
    if not frames: return
    total+=1
    for f in frames:  # innermost first
        for name,rx in STAGES:
            if rx.search(f):
                counts[name]+=1; return
    counts["JDK / other"]+=1
for line in open(sys.argv[1]):
    line=line.strip()
    if line.startswith("jdk.ExecutionSample") or line.startswith("jdk.CPUTimeSample"):
        flush(); frames=[]
    elif line.startswith("line:") or re.match(r"^[\w$.]+\(.*\)\s+line:",line) or re.match(r"^[\w$./]+\.[\w$<>]+\(",line):
        frames.append(line)
flush()
for k,v in counts.most_common():
    print("| %s | %d | %.1f %% |"%(k,v,100*v/total))
print("samples",total)
