#!/usr/bin/env python3
"""Cuts the test fixtures of model-lab (src/test/resources/debian/) from the installed corpora.

The fixtures mirror the Debian file layout below a root, in the packages' own formats, with a
few entries each, so the readers and the data step run in tests without the packages. Needs the
packages (scripts/install-corpora.sh), gzip and dictzip. Deterministic: run it again, same files.
"""
import base64
import os
import re
import struct
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "debian")
WORDNET = "/usr/share/wordnet"

# words whose most frequent sense (and its hypernyms) go into the WordNet fixture
GENERAL = {
    "n": "dog cat house tree car book water bread river mountain music chair table window door horse king money "
         "garden school ship fire stone letter friend child song road island storm winter forest hammer knife "
         "bottle coin cloud bridge village kitchen candle ocean flower lamp mirror pencil rope wheel".split(),
    "v": "run walk eat speak whisper write read sing build cook swim sleep shout buy borrow climb jump throw".split(),
    "a": "happy cold large quick bright ancient empty honest quiet strong wet brave".split(),
}
# slot root (as in mobile-agent.json) and fillers whose path up to the root is kept
SLOTS = {
    "08524735": ["Paris", "London", "Rome"],
    "04202417": ["bakery", "bookshop"],
    "04081281": ["cafe"],
    "07557434": ["pizza", "soup", "salad"],
    "07705931": ["apple", "orange"],
    "07707451": ["tomato"],
    "07071942": ["jazz", "blues", "reggae"],
    "03800933": ["guitar", "piano", "violin"],
    "06904171": ["French", "Spanish", "English"],
    "00523513": ["tennis", "swimming", "golf"],
    "14299637": ["fever", "pain", "nausea"],
    "04959672": ["red", "blue", "green"],
    "05996646": ["chemistry", "geology", "mathematics"],
    "10480253": ["teacher", "lawyer", "doctor"],
    "03419014": ["shirt", "coat", "scarf"],
    "03405725": ["chair", "sofa", "desk"],
    "00502415": ["chess", "checkers", "backgammon"],
    "11669921": ["daisy", "poppy"],
    "13104059": ["elm"],
    "01503061": ["eagle", "owl", "sparrow"],
}
SUFFIX = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}


def write(path, data):
    path = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def wordnet():
    data, index = {}, {}
    for pos, suffix in SUFFIX.items():
        for line in open(f"{WORDNET}/data.{suffix}", encoding="ascii"):
            if not line.startswith("  "):
                data[(pos, line[:8])] = line
        for line in open(f"{WORDNET}/index.{suffix}", encoding="ascii"):
            if not line.startswith("  "):
                index[(pos, line.split(" ", 1)[0])] = line

    def fields(key):
        f = data[key].split(" | ")[0].split()
        words = [f[4 + 2 * i] for i in range(int(f[3], 16))]
        i = 4 + 2 * len(words)
        pointers = [f[i + 1 + 4 * k: i + 5 + 4 * k] for k in range(int(f[i]))]
        return words, pointers

    def hypernyms(key):
        return [(p[2].replace("s", "a"), p[1]) for p in fields(key)[1] if p[0] in ("@", "@i")]

    def senses(pos, lemma):
        line = index.get((pos, lemma.lower()))
        if not line:
            return []
        f = line.split()
        return [(pos, o) for o in f[6 + int(f[3]):]]

    keep = set()
    for pos, words in GENERAL.items():
        for word in words:
            first = senses(pos, word)[0]
            keep.add(first)
            keep.update(hypernyms(first))
    for root, fillers in SLOTS.items():
        keep.add(("n", root))
        for filler in fillers:
            for sense in senses("n", filler):
                path, todo, seen = {sense: None}, [sense], set()
                while todo and ("n", root) not in path:
                    node = todo.pop(0)
                    for up in hypernyms(node):
                        if up not in path:
                            path[up] = node
                            todo.append(up)
                if ("n", root) in path:
                    node = path[("n", root)]
                    while node is not None:
                        keep.add(node)
                        node = path[node]
                    break
            else:
                sys.exit(f"no sense of {filler} below {root}")
    lemmas = set()
    for key in keep:
        for word in fields(key)[0]:
            lemmas.add((key[0], re.sub(r"\(.*\)$", "", word).lower()))
    header = "  1 This is a fixture cut from WordNet 3.0 (Princeton University, WordNet 3.0 license).\n"

    def cut(key):
        """The line with only the pointers that stay in the fixture (the format unchanged)."""
        head, gloss = data[key].split(" | ", 1)
        f = head.split()
        i = 4 + 2 * int(f[3], 16)
        count = int(f[i])
        pointers = [f[i + 1 + 4 * k: i + 5 + 4 * k] for k in range(count)]
        kept = [p for p in pointers if (p[2].replace("s", "a"), p[1]) in keep]
        rest = f[i + 1 + 4 * count:]
        return " ".join(f[:i] + ["%03d" % len(kept)] + [x for p in kept for x in p] + rest) + " | " + gloss

    for pos, suffix in SUFFIX.items():
        lines = sorted(cut(k) for k in keep if k[0] == pos)
        if lines:
            write(f"usr/share/wordnet/data.{suffix}", header + "".join(lines))
        entries = sorted(index[k] for k in lemmas if k[0] == pos and k in index)
        if entries:
            write(f"usr/share/wordnet/index.{suffix}", header + "".join(entries))


def lzw_block(text):
    """Unix compress codes for text, 9 bits wide: stops before the table would need 10 bits."""
    table = {bytes([b]): b for b in range(256)}
    free, codes, w, used = 257, [], b"", 0
    for i, byte in enumerate(text):
        c = bytes([byte])
        if w + c in table:
            w += c
            continue
        codes.append(table[w])
        if free >= 511:
            return codes, i
        table[w + c] = free
        free += 1
        w = c
    codes.append(table[w])
    return codes, len(text)


def pack(codes):
    bits, out = 0, bytearray()
    value = 0
    for code in codes:
        value |= code << bits
        bits += 9
        while bits >= 8:
            out.append(value & 0xFF)
            value >>= 8
            bits -= 8
    if bits:
        out.append(value & 0xFF)
    return bytes(out)


def bible(verses):
    text = ("Holy Bible, Authorized (King James) Version.  Textfile 930105.\n" + "".join(v + "\n" for v in verses)).encode()
    blocks = []
    while text:
        codes, used = lzw_block(text)
        block = pack(codes)
        check = subprocess.run(["gzip", "-dc"], input=b"\x1f\x9d\x90" + block, capture_output=True).stdout
        assert check == text[:used], "LZW block does not decompress to its text"
        blocks.append(block)
        text = text[used:]
    header = bytearray(b"EC02Compressed Data File".ljust(84, b"\0"))
    header += struct.pack(">II", 65536, len(blocks))
    offset = len(header) + 4 * (len(blocks) + 1) + 3
    offsets = [offset]
    for block in blocks:
        offsets.append(offsets[-1] + len(block))
    data = bytes(header) + b"".join(struct.pack(">I", o) for o in offsets) + b"\x1f\x9d\x90" + b"".join(blocks)
    write("usr/lib/bible.data", data)


def kjv_verses():
    raw = open("/usr/lib/bible.data", "rb").read()
    count = struct.unpack(">I", raw[88:92])[0]
    offsets = [struct.unpack(">I", raw[92 + 4 * i: 96 + 4 * i])[0] for i in range(count + 1)]
    text = b"".join(subprocess.run(["gzip", "-dc"], input=b"\x1f\x9d\x90" + raw[offsets[i]:offsets[i + 1]],
                                   capture_output=True).stdout for i in range(count))
    return text.decode("latin-1").split("\n")[1:]


def dictd(name, headwords):
    body = subprocess.run(["zcat", f"/usr/share/dictd/{name}.dict.dz"], capture_output=True).stdout
    entries = {}
    for line in open(f"/usr/share/dictd/{name}.index", encoding="utf-8"):
        word, offset, length = line.rstrip("\n").split("\t")[:3]
        if word in headwords and word not in entries:
            entries[word] = body[decode(offset):decode(offset) + decode(length)]
    info = b"00-database-short\n   Fixture cut from the installed database\n\n"
    out, index = bytearray(info), [("00-database-short", 0, len(info))]
    for word in headwords:
        index.append((word, len(out), len(entries[word])))
        out += entries[word]
    path = os.path.join(ROOT, f"usr/share/dictd/{name}.dict")
    write(path, bytes(out))
    subprocess.run(["dictzip", "-f", path], check=True)
    write(f"usr/share/dictd/{name}.index",
          "".join(f"{w}\t{encode(o)}\t{encode(n)}\n" for w, o, n in sorted(index)))


B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def decode(digits):
    value = 0
    for d in digits:
        value = value * 64 + B64.index(d)
    return value


def encode(value):
    digits = ""
    while True:
        digits = B64[value % 64] + digits
        value //= 64
        if not value:
            return digits


FORTUNES = """A clash of doctrine is not a disaster -- it is an opportunity.
%
A dream will always triumph over reality, once it is given the chance.
\t\t-- Stanislaw Lem
%
A fool and his money are soon parted.
%
A penny saved is a penny earned.
%
Knock, knock!
\tWho's there?
Sam and Janet.
\tSam and Janet who?
Sam and Janet Evening...
%
The universe is a big place, perhaps the biggest.
\t\t-- Stanislaw Lem
%
Never put off till tomorrow what you can do today.
%
It is a good day to have a good day.
%
Man is the only animal that blushes.  Or needs to.
\t\t-- Mark Twain
%
Always do right.  This will gratify some people and astonish the rest.
\t\t-- Mark Twain
%
"""
WISDOM = """Look before you leap.
%
H_\bE_\bL_\bL_\bO, said the typewriter, in bold.
%
Whatever you do, do it well.
%
"""
ASCII_ART = """   /\\_/\\
  ( o.o )
   > ^ <
%
"""


def main():
    wordnet()
    verses = kjv_verses()
    picked = [v for v in verses if re.match(r"(Ge1:[1-3]|Ge11:2[6-9]|Ge11:31|Exo1:[1-2]|Exo31:2|Exo35:30|Exo38:2[23]) ", v)]
    bible(picked)
    dictd("gcide", ["Abjure", "Ablation", "Dog", "Lamp", "Whisper"])
    dictd("jargon", ["foo", "hacker", "kludge"])
    write("usr/share/games/fortunes/fortunes", FORTUNES)
    write("usr/share/games/fortunes/wisdom", WISDOM)
    write("usr/share/games/fortunes/ascii-art", ASCII_ART)


if __name__ == "__main__":
    main()
