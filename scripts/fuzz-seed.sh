#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ with real inputs from ../shared/data (never committed:
# fuzz/corpus is in .gitignore). Re-running adds nothing new (files are named by
# content hash). Usage: scripts/fuzz-seed.sh [DATA_DIR] [PER_TARGET]
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/data}"
per="${2:-1500}"
if [ ! -d "$data" ]; then
  echo "SKIP: $data not found; targets start from an empty corpus" >&2
  exit 0
fi
python3 - "$data" "$per" <<'PY'
import gzip, hashlib, json, os, pathlib, random, subprocess, sys

data, per = pathlib.Path(sys.argv[1]), int(sys.argv[2])
rng = random.Random(18)
root = pathlib.Path("fuzz/corpus")

def put(target, blob):
    if isinstance(blob, str):
        blob = blob.encode("utf-8")
    d = root / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(blob).hexdigest()).write_bytes(blob)

def jsonl(path, limit):
    opener = gzip.open if str(path).endswith(".gz") else open
    out = []
    with opener(path, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= limit:
                break
            out.append(json.loads(line))
    return out

vntc = jsonl(data / "vntc/vntc_sample_3000.jsonl", 3000) if (data / "vntc/vntc_sample_3000.jsonl").exists() else []
baomoi = jsonl(data / "baomoi/tc201805_baomoi.jsonl.gz", 20000) if (data / "baomoi/tc201805_baomoi.jsonl.gz").exists() else []
rng.shuffle(vntc); rng.shuffle(baomoi)
titles = [r["title"] for r in baomoi[:per]] + [r["title"] for r in vntc[:per // 2]]
paras = [p for r in vntc[:per] for p in r["body"].split("\n")[:2]]

for t in titles:
    for target in ("normalize", "slugify", "model_values", "viqr", "repair"):
        put(target, t if target != "slugify" else bytes([rng.randrange(256)]) + t.encode())
for p in paras[:per]:
    put("normalize", p)
    put("repair", p)

# Legacy encodings: the syllable vectors (TCVN3, VNI, VISCII, VIQR, CP1258 bytes).
vec = data / "legacy/recode_syllable_vectors.jsonl"
if vec.exists():
    rows = jsonl(vec, 100000)
    rng.shuffle(rows)
    for row in rows[:per]:
        for k, v in row.items():
            if isinstance(v, str) and k != "unicode":
                put("repair", v)
                if "viqr" in k:
                    put("viqr", v)
for f in (data / "legacy/real").glob("*.txt") if (data / "legacy/real").exists() else []:
    put("repair", f.read_bytes()[:4096])

# VIQR written by GNU recode from real titles, when recode is installed.
try:
    out = subprocess.run(["recode", "-f", "utf8..viqr"], input="\n".join(titles[:per]).encode(),
                         capture_output=True, check=True).stdout.decode("utf-8", "replace")
    for line in out.splitlines():
        put("viqr", line)
        put("repair", line)
except (OSError, subprocess.CalledProcessError):
    print("recode not installed: no VIQR seeds from titles", file=sys.stderr)

# Importer: real lines in the plain format, alone and in small files.
lines = [json.dumps({"id": r["id"], "title": r["title"], "body": r["body"][:2000],
                     "category": r.get("category", ""), "published": "17/8/2018"},
                    ensure_ascii=False) for r in vntc[:per]]
for i in range(0, len(lines), 3):
    put("import_jsonl", "\n".join(lines[i:i + 3]) + "\n")
sample = pathlib.Path("data/sample.jsonl")
if sample.exists():
    for line in sample.read_text(encoding="utf-8").splitlines():
        put("import_jsonl", line + "\n")

# Renderer: title, lead, paragraph, caption, alt, author, category, tag, url.
for r in vntc[:per]:
    body = r["body"].split("\n")
    fields = [r["title"], body[0][:300], body[-1][:600], r["title"][:80], "Ảnh",
              "Trần Việt Tuấn", r.get("category", ""), r["title"].split(" ")[0],
              "/uploads/anh.jpg"]
    put("render", "\x01".join(fields))

# Related: articles separated by U+0001, each its title, a line break and its body.
arts = [r["title"] + "\n" + r["body"][:800] for r in vntc[:per]]
for i in range(0, len(arts), 4):
    put("related", "\x01".join(arts[i:i + 4]))

for d in sorted(root.iterdir()):
    print(f"{d.name}: {sum(1 for _ in d.iterdir())} seeds")
PY
