#!/bin/sh
# Regenerates the oracle's expected output for tests/rtl_oracle.rs from
# corpus.txt with GNU FriBidi (Debian: apt-get install libfribidi-bin).
# `cargo test` only reads the committed results and never needs fribidi.
#
#   golden-plain.txt  fribidi on the corpus as it is
#   golden.txt        fribidi on the corpus with kariz's left-to-right islands
#                     (phone numbers, e-mails, ids, amounts) wrapped in
#                     LRI LRO … PDF PDI (an isolate holding a left-to-right
#                     override), found by the Python below, which implements the
#                     rules of src/text/display/islands.rs independently.
#
# Flags: fribidi shapes Arabic by default (presentation forms, lam-alef, no
# Allah ligature, harakat kept); --reordernsm keeps each mark right after its
# letter as a terminal needs; --clean drops the isolates and the U+FEFF that
# fribidi leaves where a lam-alef ligature swallowed the alef; --nopad and
# --nobreak give the bare visual line; the base direction is found per line
# (first strong character, isolates skipped, left-to-right when none).
set -eu
cd "$(dirname "$0")"
command -v fribidi >/dev/null || { echo "regen.sh: fribidi not found: apt-get install libfribidi-bin" >&2; exit 1; }
FLAGS="--nopad --nobreak --reordernsm --clean"
fribidi $FLAGS corpus.txt > golden-plain.txt
cat > islands.tmp.py <<'PY'
import re, sys, unicodedata

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
D = "0-9\u0660-\u0669\u06f0-\u06f9"
NUMBER = re.compile(
    rf"(?P<prefix>[+#$€£-](?=[{D}]))?[{D}]+(?:[ \u00a0\-./,:\u066b\u066c][{D}]+)*(?P<percent>[%\u066a])?"
)

def is_word(c):
    return c == "_" or re.match(f"[{D}]", c) is not None or unicodedata.bidirectional(c) in ("L", "R", "AL")

def islands(s):
    spans = [m.span() for m in EMAIL.finditer(s)]
    masked = list(s)
    for a, b in spans:
        masked[a:b] = "x" * (b - a)
    masked = "".join(masked)
    i = 0
    while i < len(masked):
        m = NUMBER.match(masked, i)
        if not m:
            i += 1
            continue
        a, b = m.span()
        groups = len(re.findall(f"[{D}]+", m.group(0)))
        glued = (a > 0 and is_word(masked[a - 1])) or (b < len(masked) and is_word(masked[b]))
        if (m.group("prefix") or m.group("percent") or groups >= 2) and not glued:
            spans.append((a, b))
        i = b
    return sorted(spans)

for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    out, last = [], 0
    for a, b in islands(line):
        out += [line[last:a], "\u2066\u202d", line[a:b], "\u202c\u2069"]
        last = b
    out.append(line[last:])
    print("".join(out))
PY
python3 islands.tmp.py corpus.txt > corpus-islands.tmp
fribidi $FLAGS corpus-islands.tmp > golden.txt
# Interface sentences with inserted data in FSI … PDI (what Locale::tf and
# the CLI's messages produce), laid out with the interface language's base
# direction: Persian and Arabic ones right to left, English ones left to
# right. Islands never cross an isolate's edge (the Python finds none across
# FSI or PDI either, as they are neither digits, separators nor letters).
python3 islands.tmp.py sentences-rtl.txt > sentences-rtl.tmp
fribidi $FLAGS --rtl sentences-rtl.tmp > golden-sentences-rtl.txt
python3 islands.tmp.py sentences-ltr.txt > sentences-ltr.tmp
fribidi $FLAGS --ltr sentences-ltr.tmp > golden-sentences-ltr.txt
rm corpus-islands.tmp sentences-rtl.tmp sentences-ltr.tmp islands.tmp.py
echo "regen.sh: $(wc -l < corpus.txt) lines; $(diff golden-plain.txt golden.txt | grep -c '^<') changed by islands; $(cat sentences-rtl.txt sentences-ltr.txt | wc -l) sentences"
