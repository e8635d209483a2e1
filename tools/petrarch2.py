#!/usr/bin/env python3
"""Convert the PETRARCH2 dictionaries (MIT) into demarche data files.

    python3 tools/petrarch2.py ../shared/vendor/petrarch2 data/lexicon

reads, from the vendor folder (openeventdata/petrarch2, files unchanged):

  CAMEO.2.0.txt         verb blocks, verb patterns, synonym sets, transformations
  Phoenix.agents.txt    agent nouns with PETRARCH agent codes
  Phoenix.discards.txt  phrases that mark sentences or stories not to code
  LICENSE               MIT, (c) 2014 Open Event Data

and writes, in OUT (data/lexicon):

  verbs.tsv                 verb code block forms source
  verb-patterns.tsv         block subject object preps code source
  verb-transformations.tsv  verb subject lower_verb lower_subject lower_object
                            new_subject new_object code source
  synsets.tsv               synset word source
  discards.tsv              phrase source
  LICENSE-petrarch2         the MIT licence, unchanged

and, beside OUT, ../actors/agents.tsv (term sector role source, as roles.tsv),
leaving out every term that roles.tsv, states.tsv, organisations.tsv or
seats.tsv already name.

The review of the dictionaries lives in tools/petrarch2-overrides.tsv (columns
`file key action value note`), applied here; every override must hit something,
so none goes stale unnoticed. Standard library only; the output depends only on
the inputs (same files in, same bytes out). A summary of what was converted,
skipped and overridden goes to stderr.

Formats: data/README.md ("lexicon/"); PETRARCH's own: dictionaries.rst in the
vendor folder.
"""
import collections
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OVERRIDES = os.path.join(HERE, "petrarch2-overrides.tsv")

CAMEO = "CAMEO.2.0.txt"
AGENTS = "Phoenix.agents.txt"
DISCARDS = "Phoenix.discards.txt"

# PETRARCH agent codes (the first three letters of each part of a combined code)
# and the demarche sector each gives; None: no sector (religion, "radical"), a
# part that is passed over for the next part of a combined code. Table in
# data/README.md.
AGENT_SECTORS = {
    "GOV": "GOV",
    "MIL": "MIL",
    "REB": "REB",
    "OPP": "OPP",
    "PTY": "PTY",
    "CVL": "CVL",
    "MED": "MED",
    "BUS": "BUS",
    "NGO": "NGO",
    "IGO": "IGO",
    "JUD": "JUD",
    "COP": "POL",  # police
    "LEG": "GOV",  # legislature: GOV in the gold standard
    "SPY": "GOV",  # intelligence services: GOV in the gold standard
    "UAF": "REB",  # unaligned armed forces: death squads, armed gangs, terrorists
    "IMG": "REB",  # international militarised group
    "HRI": "NGO",  # human rights groups and activists
    "ENV": "NGO",  # environmental groups (the ministries are overridden to GOV)
    "ELI": "PTY",  # elites: former office holders, notables
    "CRM": "CVL",  # criminals: an attacker is a civilian of their state (gold README)
    "AGR": "CVL",
    "EDU": "CVL",
    "HLH": "CVL",
    "LAB": "CVL",
    "REF": "CVL",
    "PPL": "CVL",
    "DEV": None,
    "RAD": None,
    "REL": None,
    "MUS": None,
    "CHR": None,
    "JEW": None,
    "HIN": None,
    "BUD": None,
}

# Stems left in the agents file and the words they stand for.
STEMS = {
    "MINIST": ["MINISTER", "MINISTERS", "MINISTRY", "MINISTRIES"],
    "INDUSTR": ["INDUSTRY", "INDUSTRIES"],
    "AUTHORIT": ["AUTHORITY", "AUTHORITIES"],
}

SECTORS = {"GOV", "MIL", "POL", "OPP", "REB", "PTY", "CVL", "MED", "BUS", "NGO", "JUD", "PTS", "IGO"}


class Summary:
    """Counts of what happened, and examples, printed to stderr at the end."""

    def __init__(self):
        self.counts = collections.Counter()
        self.examples = collections.defaultdict(list)

    def add(self, what, example=None):
        self.counts[what] += 1
        if example is not None and len(self.examples[what]) < 3:
            self.examples[what].append(example)

    def print(self, out):
        for what in sorted(self.counts):
            ex = "; ".join(self.examples[what])
            print(f"  {self.counts[what]:6d}  {what}" + (f"  (e.g. {ex})" if ex else ""), file=out)


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return f.read().split("\n")


def strip_comment(line):
    # PETRARCH drops everything after '#'; two verb lines keep TABARI's ';' comments.
    return line.split("#", 1)[0].split(";", 1)[0].strip()


def plural(word):
    """The regular plural PETRARCH generates (dictionaries.rst: +S, Y -> IES, SS -> ES),
    without its non-words: a vowel before the Y gives +S ("days", not "daies"), X, Z, CH
    and SH take ES like SS, and a word already ending in a single S, or an abbreviation
    ending in '.', gets none."""
    w = word
    if w.endswith("."):
        return None  # an abbreviation ("capt."), not a noun to pluralise
    if w.endswith("y") and len(w) > 1 and w[-2] not in "aeiou":
        return w[:-1] + "ies"
    if w.endswith("ss") or w.endswith(("x", "z", "ch", "sh")):
        return w + "es"
    if w.endswith("s"):
        return None
    return w + "s"


def phrase_plural(phrase):
    words = phrase.split(" ")
    p = plural(words[-1])
    if p is None:
        return None
    return " ".join(words[:-1] + [p])


def words_of(token):
    """A dictionary token's words: '_' joins consecutive words ("TANKS_AND" ->
    tanks and); a final '_' only marks a whole word and is dropped."""
    return [w for w in token.lower().split("_") if w]


def cameo_code(raw):
    """A PETRARCH code cell: '---' is the null code; 'a:b' is a paired code
    (a: source to target, b: the reverse event), of which the first part is kept."""
    raw = raw.strip()
    if raw.startswith("---") or raw == "":
        return None, False
    paired = ":" in raw
    first = raw.split(":", 1)[0].strip()
    return (first or None), paired


# ---------------------------------------------------------------- overrides


class Overrides:
    """tools/petrarch2-overrides.tsv: `file key action value note`.

    file: verbs, verb-patterns, synsets, agents, discards. key: the line number in
    the PETRARCH file (the number in the output's `source`), or the output's own key
    (a verb as written in verbs.tsv, an agent term, a discard phrase). Actions:
      verbs:          drop | code (value: a code or -) | phrase (value: the verb rewritten)
      verb-patterns:  drop | code (value: a code or -)
      synsets:        drop (key: "&synset word")
      agents:         drop | sector (value: a sector)
      discards:       drop
    """

    ACTIONS = {
        "verbs": {"drop", "code", "phrase"},
        "verb-patterns": {"drop", "code"},
        "synsets": {"drop"},
        "agents": {"drop", "sector"},
        "discards": {"drop"},
    }

    def __init__(self, path):
        self.rules = collections.defaultdict(dict)  # file -> key -> (action, value, line)
        self.used = set()
        self.path = path
        header = None
        for n, raw in enumerate(read_lines(path), 1):
            if not raw.strip() or raw.startswith("#"):
                continue
            cells = raw.split("\t")
            if header is None:
                header = cells
                if cells != ["file", "key", "action", "value", "note"]:
                    sys.exit(f"{path}:{n}: header should be file key action value note")
                continue
            if len(cells) != 5:
                sys.exit(f"{path}:{n}: expected 5 tab-separated cells, found {len(cells)}")
            file, key, action, value, note = (c.strip() for c in cells)
            if file not in self.ACTIONS or action not in self.ACTIONS[file]:
                sys.exit(f"{path}:{n}: unknown file/action {file}/{action}")
            if not note or note == "-":
                sys.exit(f"{path}:{n}: every override needs a note saying why")
            if action == "code" and value != "-" and not re.fullmatch(r"\d{2,4}", value):
                sys.exit(f"{path}:{n}: bad code {value!r}")
            if action == "sector" and value not in SECTORS:
                sys.exit(f"{path}:{n}: unknown sector {value!r}")
            if key in self.rules[file]:
                sys.exit(f"{path}:{n}: {file} {key!r} overridden twice")
            self.rules[file][key] = (action, value, n)

    def get(self, file, *keys):
        """The rule for the first of `keys` that has one, marked as used."""
        for key in keys:
            rule = self.rules[file].get(str(key))
            if rule is not None:
                self.used.add((file, str(key)))
                return rule
        return None

    def unused(self):
        return [
            f"{self.path}:{rule[2]}: override {file} {key!r} matched nothing"
            for file, rules in self.rules.items()
            for key, rule in rules.items()
            if (file, key) not in self.used
        ]


# ---------------------------------------------------------------- verbs file


class Verb:
    def __init__(self, words, head, code, block, forms, line):
        self.words = words
        self.head = head
        self.code = code
        self.block = block
        self.forms = forms
        self.line = line

    def phrase(self):
        if len(self.words) == 1:
            return self.words[0]
        return " ".join(("+" + w) if i == self.head else w for i, w in enumerate(self.words))


def parse_phrase_spec(spec):
    """'+WIRE_TAP' -> (["wire", "tap"], 0). Returns None if it has no verb mark
    where one is needed."""
    parts = [p for p in spec.split("_") if p]
    head = None
    words = []
    for i, p in enumerate(parts):
        if p.startswith("+"):
            if head is not None:
                return None
            head = i
            p = p[1:]
        words.append(p.lower())
    if head is None:
        if len(words) != 1:
            return None
        head = 0
    if any(not w for w in words):
        return None
    return words, head


def parse_verb_line(text, summary, n):
    """A verb line without its comment: SPEC {FORMS} [CODE]. Returns
    (words, head, forms, own_code, has_code) or None."""
    m = re.fullmatch(r"([^\s{\[]+)\s*(\{[^}]*\})?\s*(\[[^\]]*\])?", text)
    if not m:
        return None
    spec, forms_raw, code_raw = m.groups()
    parsed = parse_phrase_spec(spec)
    if parsed is None:
        return None
    words, head = parsed
    forms = []
    if forms_raw:
        for f in re.split(r"[\s,]+", forms_raw[1:-1]):
            if not f:
                continue
            fp = parse_phrase_spec(f)
            if fp is None:
                # A bare form of a multiword verb ("CRACKED_DOWN" without '+').
                fp = ([w.lower() for w in f.split("_") if w], head)
            fwords, fhead = fp
            if len(fwords) != len(words):
                summary.add("verb forms with another word count (kept the head word)", f"{n}: {f}")
                fhead = min(fhead, len(fwords) - 1)
                forms.append(fwords[fhead])
                continue
            differ = [i for i in range(len(words)) if fwords[i] != words[i]]
            if len(words) > 1 and len(differ) == 1 and differ[0] != head:
                # The forms show which word is inflected ("+WIRE_TAP {+WIRE_TAPPED}").
                summary.add("multiword verbs whose '+' was on the wrong word (moved)", f"{n}: {spec}")
                head = differ[0]
            forms.append(fwords[head] if not differ or len(differ) > 1 else fwords[differ[0]])
    own, paired = (None, False)
    has_code = code_raw is not None
    if has_code:
        own, paired = cameo_code(code_raw[1:-1])
        if paired:
            summary.add("paired codes a:b (kept a)")
    seen = []
    for f in forms:
        if f != words[head] and f not in seen:
            seen.append(f)
    return words, head, seen, own, has_code


def parse_pattern(text, synsets, summary, n):
    """`- PRE * POST [code]` (comment already stripped). Returns a list of
    (subject, object, preps, code, paired) -- several when a token has '/'
    alternatives -- or a string saying why the line cannot be converted."""
    body = text[1:].strip()
    m = re.search(r"\[([^\]]*)\]\s*$", body)
    if not m:
        return "no [code] at the end"
    code, paired = cameo_code(m.group(1))
    pat = body[: m.start()]
    if pat.count("*") != 1:
        return "not exactly one '*' (the verb)"
    # "*_LAWS": an underscore touching the verb mark is a blank.
    pat = pat.replace("*_", "* ").replace("_*", " *")
    if "%" in pat:
        return "compound-actor mark '%' (TABARI)"
    tokens = re.findall(r"[(){}*]|[^\s(){}*]+", pat)
    # '/' alternatives inside a token: one pattern per combination.
    alts = [t.split("/") if "/" in t and t not in "(){}" else [t] for t in tokens]
    combos = [[]]
    for a in alts:
        combos = [c + [x] for c in combos for x in a]
    if len(combos) > 1:
        summary.add("patterns with '/' alternatives (expanded)", f"{n}")
    out = []
    for toks in combos:
        r = parse_pattern_tokens(toks, synsets, summary, n)
        if isinstance(r, str):
            return r
        out.append(r + (code, paired))
    return out


def parse_pattern_tokens(tokens, synsets, summary, n):
    sides = {"pre": {"nouns": [], "preps": []}, "post": {"nouns": [], "preps": []}}
    side = "pre"
    in_paren = False
    in_brace = False
    prep = None  # [prep, words]
    brace = []
    markers = 0
    carets = 0
    after_prep_nouns = False

    def term(tok):
        if tok.startswith("&"):
            name = tok.lower().rstrip("_")
            if name not in synsets:
                raise ValueError(f"undefined synset {tok}")
            return [name]
        return words_of(tok)

    try:
        for tok in tokens:
            if tok == "*":
                if in_paren or in_brace:
                    return "'*' inside brackets"
                side = "post"
                continue
            if tok in ("$", "+"):
                markers += 1
                continue
            if tok == "^":
                carets += 1
                continue
            if tok == "(":
                if in_paren or in_brace:
                    return "nested brackets"
                in_paren = True
                prep = None
                continue
            if tok == ")":
                if not in_paren or in_brace:
                    return "unbalanced ')'"
                in_paren = False
                if prep is None:
                    return "empty prepositional phrase"
                sides[side]["preps"].append(prep)
                prep = None
                continue
            if tok == "{":
                if in_brace:
                    return "nested braces"
                in_brace = True
                brace = []
                continue
            if tok == "}":
                if not in_brace:
                    return "unbalanced '}'"
                in_brace = False
                words = brace
                if in_paren:
                    if prep is None:
                        return "a noun phrase where the preposition should be"
                    prep[1].extend(words)
                else:
                    if sides[side]["preps"]:
                        after_prep_nouns = True
                    sides[side]["nouns"].extend(words)
                continue
            # A word, a synset or an '_' phrase.
            if "$" in tok or "+" in tok or "^" in tok:
                return f"marker inside the word {tok!r}"
            ws = term(tok)
            if in_brace:
                brace.extend(ws)
            elif in_paren:
                if prep is None:
                    if tok.startswith("&"):
                        return "a synset where the preposition should be"
                    prep = [" ".join(ws), []]
                else:
                    prep[1].extend(ws)
            else:
                if sides[side]["preps"]:
                    after_prep_nouns = True
                sides[side]["nouns"].extend(ws)
    except ValueError as e:
        return str(e)
    if in_paren or in_brace:
        return "unclosed bracket"
    if sides["pre"]["preps"]:
        return "a prepositional phrase before the verb"
    if after_prep_nouns:
        return "a noun after a prepositional phrase"
    if markers:
        summary.add("'$'/'+' source/target marks dropped", f"{n}")
    if carets:
        summary.add("'^' (skip a noun phrase) marks dropped", f"{n}")
    subject = sides["pre"]["nouns"]
    obj = sides["post"]["nouns"]
    preps = sides["post"]["preps"]
    return subject, obj, preps


def convert_cameo(src, overrides, ontology, summary, problems):
    path = os.path.join(src, CAMEO)
    lines = read_lines(path)
    synsets = collections.OrderedDict()  # name -> [(word, line)]
    synset_noplural = set()
    verbs = []  # Verb
    patterns = []  # (block_index, subject, object, preps, code, line)
    transformations = []
    blocks = []  # [desc, code, line, first verb phrase or None]
    in_synsets = True
    cur_syn = None
    cur_block = None
    for n, raw in enumerate(lines, 1):
        if raw.startswith("####### VERB PATTERNS"):
            in_synsets = False
            continue
        text = strip_comment(raw)
        if not text:
            continue
        if in_synsets:
            if text.startswith("&"):
                name = text.lower()
                if name.endswith("_"):
                    synset_noplural.add(name.rstrip("_"))
                cur_syn = name.rstrip("_")
                if cur_syn in synsets:
                    problems.append(f"{CAMEO}:{n}: synset {text} defined twice")
                synsets.setdefault(cur_syn, [])
            elif text.startswith("+") and cur_syn:
                synsets[cur_syn].append((text[1:].strip(), n))
            else:
                summary.add("synset-section lines not understood (skipped)", f"{n}: {text}")
            continue
        if text.startswith("---"):
            m = re.match(r"---\s*(\S+)\s*(?:\[([^\]]*)\])?", text)
            if not m:
                summary.add("block lines not understood (block skipped)", f"{n}")
                cur_block = None
                continue
            code, paired = cameo_code(m.group(2) or "---")
            if paired:
                summary.add("paired codes a:b (kept a)")
            blocks.append([m.group(1), code, n, None])
            cur_block = len(blocks) - 1
            continue
        if text.startswith("~"):
            transformations.append((text, n))
            continue
        if cur_block is None:
            summary.add("verb or pattern lines outside a block (skipped)", f"{n}")
            continue
        if text.startswith("-"):
            r = parse_pattern(text, synsets, summary, n)
            if isinstance(r, str):
                summary.add(f"patterns skipped: {r}", f"{n}")
                continue
            for subject, obj, preps, code, paired in r:
                if paired:
                    summary.add("paired codes a:b (kept a)")
                    if code is None:
                        summary.add("patterns with a reverse-only code [:b] (code '-')", f"{n}")
                patterns.append((cur_block, subject, obj, preps, code, n))
            continue
        parsed = parse_verb_line(text, summary, n)
        if parsed is None:
            summary.add("verb lines not understood (skipped)", f"{n}: {text}")
            continue
        words, head, forms, own, has_code = parsed
        code = own if has_code else blocks[cur_block][1]
        verbs.append(Verb(words, head, code, cur_block, forms, n))

    # Overrides on verbs, then one entry per verb phrase: PETRARCH2 keeps the first.
    kept = []
    seen = {}
    for v in verbs:
        rule = overrides.get("verbs", v.line, v.phrase())
        if rule:
            action, value, _ = rule
            if action == "drop":
                summary.add("verbs dropped by review", f"{v.line}: {v.phrase()}")
                continue
            if action == "code":
                summary.add("verb codes changed by review", f"{v.phrase()} {v.code or '-'}->{value}")
                v.code = None if value == "-" else value
            if action == "phrase":
                p = parse_phrase_spec("_".join(("+" + w[1:]) if w.startswith("+") else w for w in value.split()))
                if p is None:
                    problems.append(f"{OVERRIDES}:{rule[2]}: bad verb phrase {value!r}")
                    continue
                summary.add("verb phrases rewritten by review", f"{v.phrase()} -> {value}")
                v.words, v.head = p
        if v.code is not None and v.code not in ontology:
            summary.add(f"verbs skipped: code {v.code} not in data/cameo/cameo.tsv", f"{v.line}")
            continue
        key = v.phrase()
        if key in seen:
            summary.add("verbs listed again in a later block (the first kept, as PETRARCH2 does)", f"{v.line}: {key}")
            continue
        seen[key] = v
        kept.append(v)
    verbs = kept

    # A block's id is its first verb; blocks left without verbs lose their patterns.
    for v in verbs:
        if blocks[v.block][3] is None:
            blocks[v.block][3] = v.phrase()

    pat_out = {}
    for block, subject, obj, preps, code, n in patterns:
        name = blocks[block][3]
        if name is None:
            summary.add("patterns of blocks without verbs (skipped)", f"{n}")
            continue
        subj_s = " ".join(subject)
        obj_s = " ".join(obj)
        preps_s = ";".join(" ".join([p] + ws) for p, ws in preps)
        rule = overrides.get("verb-patterns", n)
        if rule:
            action, value, _ = rule
            if action == "drop":
                summary.add("patterns dropped by review", f"{n}")
                continue
            if action == "code":
                summary.add("pattern codes changed by review", f"{n}: {code or '-'}->{value}")
                code = None if value == "-" else value
        if not (subject or obj or preps):
            summary.add("patterns with nothing but the verb (skipped: the verb's own code)", f"{n}")
            continue
        if code is not None and code not in ontology:
            summary.add(f"patterns skipped: code {code} not in data/cameo/cameo.tsv", f"{n}")
            continue
        key = (name, subj_s, obj_s, preps_s)
        if key in pat_out:
            if pat_out[key][0] == code:
                summary.add("patterns repeated in a block (one kept)", f"{n}")
            else:
                summary.add("patterns repeated in a block with another code (the last kept, as PETRARCH2 does)", f"{n}")
            del pat_out[key]
        pat_out[key] = (code, n)

    # Synsets: every member and its plural.
    syn_rows = []
    syn_seen = set()
    for name, members in synsets.items():
        for word, n in members:
            noplural = name in synset_noplural or word.endswith("_")
            phrase = " ".join(words_of(word))
            forms = [phrase]
            if not noplural:
                p = phrase_plural(phrase)
                if p:
                    forms.append(p)
            for f in forms:
                if overrides.get("synsets", f"{name} {f}"):
                    summary.add("synset members dropped by review", f"{name} {f}")
                    continue
                if (name, f) in syn_seen:
                    summary.add("synset members listed twice (one kept)", f"{name} {f}")
                    continue
                syn_seen.add((name, f))
                syn_rows.append((name, f, n))
    return verbs, blocks, pat_out, syn_rows, transformations


def convert_transformations(transformations, verb_phrases, summary, problems):
    """`~ a (b c VERB2) VERB1 = x y CODE`: when VERB1's subject a reports or wants
    an event (b c VERB2), the event becomes x y CODE."""
    rows = []
    for text, n in transformations:
        m = re.fullmatch(
            r"~\s*(\S+)\s*\(\s*(\S+)\s+(\S+)\s+(\S+)\s*\)\s*(\S+)\s*=\s*(\S+)\s+(\S+)\s+(\S+)", text
        )
        if not m:
            summary.add("transformations not understood (skipped)", f"{n}")
            continue
        subj, lsubj, lobj, lverb, verb, nsubj, nobj, code = m.groups()

        def v(x):
            if x == "Q":
                return "*"
            x = x.lower()
            if x not in verb_phrases:
                problems.append(f"{CAMEO}:{n}: transformation verb {x!r} is not a verb of the dictionary")
            return x

        code = "*" if code == "Q" else code
        rows.append((v(verb), subj, v(lverb), lsubj, lobj, nsubj, nobj, code, n))
    return rows


# ---------------------------------------------------------------- agents


def agent_sector(code):
    """'~GOVMED' -> GOV: the first part of the code that has a sector."""
    c = code.strip().strip("~").upper()
    parts = [c[i : i + 3] for i in range(0, len(c), 3)]
    if not parts or parts[0] not in AGENT_SECTORS:
        return "unknown", c
    # Later parts may be sub-codes of no interest here (CHRCTH: Catholic).
    for p in parts:
        s = AGENT_SECTORS.get(p)
        if s:
            return s, p
    return None, parts[0]


def convert_agents(src, overrides, taken, summary, problems):
    lines = read_lines(os.path.join(src, AGENTS))
    markers = {}
    rows = []  # (term, sector, line)
    seen = {}
    for n, raw in enumerate(lines, 1):
        text = strip_comment(raw)
        if not text or text.startswith("<!"):
            continue
        if "!" in text and "=" in text:
            m = re.fullmatch(r"!(\w+)!\s*=\s*(.*)", text)
            if not m:
                summary.add("agent marker definitions not understood", f"{n}")
                continue
            markers[m.group(1)] = [x.strip() for x in m.group(2).split(",") if x.strip()]
            continue
        if "[" not in text:
            summary.add("agent lines without a code (skipped)", f"{n}: {text}")
            continue
        if "AD!MINIST!R" in text:
            # A search-and-replace of MINIST inside ADMINISTRATION.
            text = text.replace("AD!MINIST!R", "ADMINISTR")
            summary.add("agent lines with '!MINIST!' pasted into ADMINISTRATION (repaired)", f"{n}")
        head, _, rest = text.partition("[")
        code = re.split(r"[\]}]", rest, 1)[0].strip()
        if "]" not in rest:
            summary.add("agent codes closed with '}' instead of ']' (read anyway)", f"{n}")
        sector, part = agent_sector(code)
        if sector == "unknown":
            summary.add("agent codes not in the sector table (skipped)", f"{n}: {code}")
            continue
        rule = overrides.get("agents", n)
        plural_spec = None
        m = re.search(r"\{([^}]*)\}", head)
        if m:
            plural_spec = m.group(1).strip()
            head = head[: m.start()]
        head = head.strip()
        forms = []
        if "!" in head:
            m2 = re.fullmatch(r"(.*)!(\w+)!(.*)", head)
            if not m2 or m2.group(2) not in markers:
                summary.add("agent substitution markers not defined (skipped)", f"{n}: {head}")
                continue
            # Every item of the set, no plurals (dictionaries.rst).
            forms = [m2.group(1) + item + m2.group(3) for item in markers[m2.group(2)]]
            summary.add("agent lines with a substitution marker (expanded)")
        elif re.search(r"(^|[_\s])(MINIST|INDUSTR|AUTHORIT)\s*$", head):
            # A stem the file left (header: "a few stems remain"): its words, no plurals.
            stem = re.search(r"(MINIST|INDUSTR|AUTHORIT)\s*$", head).group(1)
            forms = [head[: head.rfind(stem)] + w for w in STEMS[stem]]
            summary.add("agent stems (MINIST, INDUSTR, AUTHORIT) expanded to words", f"{n}: {head}")
        else:
            forms = [head]
            stopped = head.endswith("_")
            base = " ".join(w for w in re.split(r"[_\s]+", head.lower()) if w)
            if plural_spec is not None:
                for p in plural_spec.split():
                    forms.append(p)
            elif not stopped:
                p = phrase_plural(base)
                if p:
                    forms.append(p)
        if re.search(r"[A-Za-z] +[A-Za-z]", head):
            summary.add("agents with a blank between words (PETRARCH: words may come between; here consecutive)", f"{n}: {head}")
        for f in forms:
            # Commas as demarche's tokens: a word of their own ("agriculture , fisheries").
            term = " ".join(w for w in re.split(r"[_\s]+", f.lower().replace(",", " ,")) if w)
            if not term:
                continue
            term_rule = overrides.get("agents", term) or rule
            s = sector
            if term_rule:
                action, value, _ = term_rule
                if action == "drop":
                    summary.add("agents dropped by review", f"{n}: {term}")
                    continue
                if action == "sector":
                    if value != s:
                        summary.add("agent sectors changed by review", f"{term} {s}->{value}")
                    s = value
            if s is None:
                summary.add(f"agents with no demarche sector (left out)", f"{term} [{code}]")
                continue
            if term in taken:
                summary.add(f"agents already named in data/actors/{taken[term]} (left out)", term)
                continue
            if term in seen:
                if seen[term][0] != s:
                    summary.add("agents listed again with another sector (the first kept)", f"{n}: {term}")
                else:
                    summary.add("agents listed again (one kept)", f"{n}: {term}")
                continue
            seen[term] = (s, n)
            rows.append((term, s, n))
    return rows


def actor_terms(actors_dir):
    """Lowercase terms already in data/actors: role nouns, states, organisations, seats."""
    taken = {}

    def tsv(name):
        path = os.path.join(actors_dir, name)
        header = None
        for raw in read_lines(path):
            if not raw.strip() or raw.startswith("#"):
                continue
            cells = [c.strip() for c in raw.split("\t")]
            if header is None:
                header = cells
                continue
            yield dict(zip(header, cells))

    for r in tsv("roles.tsv"):
        taken.setdefault(r["term"].lower(), "roles.tsv")
    for r in tsv("states.tsv"):
        for cell in ("name", "variants", "adjectives"):
            for t in r[cell].split(";"):
                if t.strip() and t.strip() != "-":
                    taken.setdefault(t.strip().lower(), "states.tsv")
    for r in tsv("organisations.tsv"):
        for cell in ("name", "variants"):
            for t in r[cell].split(";"):
                if t.strip() and t.strip() != "-":
                    taken.setdefault(t.strip().lower(), "organisations.tsv")
    for r in tsv("seats.tsv"):
        taken.setdefault(r["term"].lower(), "seats.tsv")
    return taken


# ---------------------------------------------------------------- discards


def convert_discards(src, overrides, summary):
    rows = []
    seen = set()
    for n, raw in enumerate(read_lines(os.path.join(src, DISCARDS)), 1):
        text = strip_comment(raw)
        if not text:
            continue
        story = text.startswith("+")
        phrase = " ".join(text.lstrip("+").lower().replace("_", " ").split())
        if not phrase:
            continue
        if overrides.get("discards", n, phrase):
            summary.add("discards dropped by review", phrase)
            continue
        if phrase in seen:
            summary.add("discards listed twice (one kept)", phrase)
            continue
        seen.add(phrase)
        if story:
            summary.add("story-level discards ('+', marked 'story' in source)")
        rows.append((phrase, f"{DISCARDS}:{n}" + (" story" if story else "")))
    return rows


# ---------------------------------------------------------------- output

NOTICE = [
    "# Converted from the PETRARCH2 dictionaries (openeventdata/petrarch2, commit",
    "# 676801cd9cb2924bbbad09f86d15c9323e7097bf), MIT licence, Copyright (c) 2014-2015",
    "# Open Event Data Alliance; the licence travels with this file as",
    "# data/lexicon/LICENSE-petrarch2. Generated by tools/petrarch2.py with the review in",
    "# tools/petrarch2-overrides.tsv: edit those, not this file. Format: data/README.md.",
]


def write_tsv(path, header, rows, extra_comments=()):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for c in NOTICE:
            f.write(c + "\n")
        for c in extra_comments:
            f.write("# " + c + "\n")
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(c if c else "-" for c in r) + "\n")


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: petrarch2.py VENDOR_DIR OUT_DIR (e.g. ../shared/vendor/petrarch2 data/lexicon)")
    src, out = argv[1], argv[2]
    actors_dir = os.path.join(out, os.pardir, "actors")
    summary = Summary()
    problems = []
    overrides = Overrides(OVERRIDES)
    os.makedirs(out, exist_ok=True)

    ontology = set()
    for raw in read_lines(os.path.join(out, os.pardir, "cameo", "cameo.tsv")):
        code = raw.split("\t", 1)[0].strip()
        if code.isdigit():
            ontology.add(code)
    verbs, blocks, patterns, synsets, transformations = convert_cameo(
        src, overrides, ontology, summary, problems
    )
    verb_rows = [
        (v.phrase(), v.code, blocks[v.block][3], ";".join(v.forms), f"{CAMEO}:{v.line}") for v in verbs
    ]
    write_tsv(os.path.join(out, "verbs.tsv"), ["verb", "code", "block", "forms", "source"], verb_rows)
    pattern_rows = [
        (block, subj, obj, preps, code, f"{CAMEO}:{n}")
        for (block, subj, obj, preps), (code, n) in sorted(patterns.items(), key=lambda kv: kv[1][1])
    ]
    write_tsv(
        os.path.join(out, "verb-patterns.tsv"),
        ["block", "subject", "object", "preps", "code", "source"],
        pattern_rows,
    )
    trans = convert_transformations(transformations, {v.phrase() for v in verbs}, summary, problems)
    write_tsv(
        os.path.join(out, "verb-transformations.tsv"),
        ["verb", "subject", "lower_verb", "lower_subject", "lower_object", "new_subject", "new_object", "code", "source"],
        [r[:-1] + (f"{CAMEO}:{r[-1]}",) for r in trans],
        extra_comments=[
            "a b: actors (a: the upper verb's subject); '.': any actor; '_': no actor;",
            "'*' as a verb: any verb; '*' as the code: the lower event's code.",
        ],
    )
    write_tsv(
        os.path.join(out, "synsets.tsv"),
        ["synset", "word", "source"],
        [(name, w, f"{CAMEO}:{n}") for name, w, n in synsets],
    )
    discards = convert_discards(src, overrides, summary)
    write_tsv(os.path.join(out, "discards.tsv"), ["phrase", "source"], discards)

    taken = actor_terms(actors_dir)
    agents = convert_agents(src, overrides, taken, summary, problems)
    write_tsv(
        os.path.join(actors_dir, "agents.tsv"),
        ["term", "sector", "role", "source"],
        [(t, s, "-", f"{AGENTS}:{n}") for t, s, n in agents],
        extra_comments=[
            "Agent nouns (PETRARCH's Phoenix.agents.txt): who acts, by their sector. Terms that",
            "roles.tsv, states.tsv, organisations.tsv or seats.tsv already name are left out.",
        ],
    )
    with open(os.path.join(src, "LICENSE"), encoding="utf-8") as f:
        licence = f.read()
    with open(os.path.join(out, "LICENSE-petrarch2"), "w", encoding="utf-8", newline="\n") as f:
        f.write(licence)

    problems.extend(overrides.unused())
    print(
        f"petrarch2: {len(verb_rows)} verbs in {len({r[2] for r in verb_rows})} blocks, "
        f"{len(pattern_rows)} patterns, {len(trans)} transformations, {len(synsets)} synset forms, "
        f"{len(discards)} discards, {len(agents)} agents",
        file=sys.stderr,
    )
    summary.print(sys.stderr)
    for p in problems:
        print("problem: " + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
