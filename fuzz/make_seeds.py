#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target into fuzz/seeds/<target>/.

The seeds are generated here from the same kinds of fixture the tests write
(crates/*/src tests, crates/cli/tests) and from examples/report.txt; nothing is
copied from ../shared. Run from anywhere; `.ci/run` runs it before fuzzing.
"""

import gzip
import json
import os
import pathlib

FUZZ = pathlib.Path(__file__).resolve().parent
REPO = FUZZ.parent
SEEDS = FUZZ / "seeds"

REPORT = (REPO / "examples" / "report.txt").read_text(encoding="utf-8")
SENTENCES = [
    "Turkey's foreign minister accused Russia of breaking the ceasefire on Tuesday.",
    "Russia condemned Turkey for the strikes.",
    "France praised Egypt for its role in the talks on Tuesday.",
    "The NATO-Russia Council met in Brussels on Friday at the level of ambassadors.",
    "Germany's chancellor said on Monday that Berlin would send aid to Ukraine.",
    "Iran threatened Israel with retaliation, the ministry said.",
]


def write(target, name, data):
    d = SEEDS / target
    d.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    (d / name).write_bytes(data)


def html_page(title, paragraphs):
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{title} | Valley Post</title>"
        f"<style>p {{ color: red }}</style><script>var x = 1;</script></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}"
        f"</article><footer>Copyright</footer></body></html>"
    )


def rss(items, broken=False):
    out = [
        '<?xml version="1.0"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<channel><title>Harbour Times</title><link>https://example.org</link>\n"
    ]
    for i, (title, text) in enumerate(items):
        out.append(
            f"<item><title>{title}</title><link>https://example.org/{i}</link>"
            f"<guid>item-{i}</guid><pubDate>Tue, 07 Mar 2017 10:00:00 GMT</pubDate>"
            f"<description>&lt;p&gt;{text}&lt;/p&gt;</description></item>\n"
        )
    if broken:
        out.append("<item><title>Broken & unescaped</title><description>x <b>y</description></item>\n")
    out.append("</channel></rss>\n")
    return "".join(out)


def atom(items):
    entries = "".join(
        f"<entry><title>{t}</title><id>urn:w:{i}</id><link href='https://w.example/{i}'/>"
        f"<updated>2017-03-08T09:00:00Z</updated><summary>{s}</summary></entry>\n"
        for i, (t, s) in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Wire</title><id>urn:w</id><updated>2017-03-08T00:00:00Z</updated>\n{entries}</feed>\n"
    )


def warc_record(kind, uri, content_type, body, length=None):
    if isinstance(body, str):
        body = body.encode("utf-8")
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{uri}>\r\n"
        f"WARC-Date: 2017-03-09T12:00:00Z\r\nWARC-Target-URI: {uri}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(body) if length is None else length}\r\n\r\n"
    ).encode()
    return head + body + b"\r\n\r\n"


def http(headers, body):
    if isinstance(body, str):
        body = body.encode("utf-8")
    return b"HTTP/1.1 200 OK\r\n" + headers.encode() + b"\r\n" + body


def main():
    items = [(s.split()[0], s) for s in SENTENCES]
    page = html_page("Envoys meet", SENTENCES[:3])

    # Plain text: the example report, a headline and dateline, a BOM, Latin-1.
    write("read_text", "report.txt", REPORT)
    write("read_text", "dateline.txt", "Talks stall | Daily Courier\n\nGeneva (Reuters) – " + " ".join(SENTENCES))
    write("read_text", "bom.txt", "\ufeffMOSCOW — " + SENTENCES[1])
    write("read_text", "latin1.txt", "France condemned Spain \xe9 on Monday.".encode("latin-1"))

    write("read_html", "page.html", page)
    write("read_html", "nested.html", "<html><body>" + "<div>" * 50 + SENTENCES[0] + "</div>" * 50 + "</body></html>")
    write("read_html", "script.html", "<script>" + "<div>" * 20 + "</script><p>" + SENTENCES[2] + "</p>")

    lines = [
        {"id": f"doc-{i}", "date": "2017-03-08", "source": "Harbour Ledger", "title": s.split(",")[0], "text": s}
        for i, s in enumerate(SENTENCES)
    ]
    jsonl = "".join(json.dumps(l) + "\n" for l in lines)
    write("read_jsonl", "news.jsonl", jsonl)
    write("read_jsonl", "bom.jsonl", "\ufeff" + jsonl)
    write("read_jsonl", "mixed.jsonl", jsonl + '{"id":"cut","text":"Fra\n\n{"id":7,"text":"Two."}\n')

    write("read_feed", "news.rss", rss(items))
    write("read_feed", "broken.rss", rss(items, broken=True))
    write("read_feed", "wire.atom", atom(items))

    warc = warc_record("warcinfo", "x", "application/warc-fields", "software: seeds\r\n")
    warc += warc_record(
        "response", "https://www.example.org/a", "application/http; msgtype=response",
        http("Content-Type: text/html; charset=utf-8\r\n", page),
    )
    warc += warc_record(
        "response", "https://example.org/c", "application/http; msgtype=response",
        http("Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
             "c\r\n<p>Hello, wo\r\n5\r\nrld.<\r\n3\r\n/p>\r\n0\r\n\r\n"),
    )
    warc += warc_record(
        "response", "https://example.org/z", "application/http; msgtype=response",
        http("Content-Type: text/html\r\nContent-Encoding: gzip\r\n", gzip.compress(page.encode())),
    )
    warc += warc_record("resource", "https://e.org/2", "text/html", "<p>Two.</p>", length=5)
    warc += warc_record("resource", "https://e.org/3", "text/html", "<p>" + SENTENCES[4] + "</p>")
    write("read_warc", "crawl.warc", warc)
    write("read_warc", "crawl.warc.gz", gzip.compress(warc))

    write("read_gzip", "news.jsonl.gz", gzip.compress(jsonl.encode()))
    write("read_gzip", "members.gz", gzip.compress(jsonl[:200].encode()) + gzip.compress(jsonl[200:].encode()))
    write("read_gzip", "report.txt.gz", gzip.compress(REPORT.encode()))

    for i, text in enumerate([REPORT, " ".join(SENTENCES), "Mr. Smith met U.S. envoys at 3.5 p.m. today!? “No.” Yes..."]):
        write("split_sentences", f"text-{i}", text)
        write("code_text", f"text-{i}", text)

    for i, q in enumerate([
        "source=tur&target=rus&limit=2",
        "code=19&from=2017-03&to=2017-12-31&offset=10",
        "after=5&limit=500",
        "offset=9223372036854775807",
        "from=2017-13-45",
        "limit=0&offset=-1",
        "source=&target=&code=&from=&to=",
    ]):
        write("api_query", f"query-{i}", q)


if __name__ == "__main__":
    main()
