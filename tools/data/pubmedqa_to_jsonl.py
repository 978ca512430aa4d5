#!/usr/bin/env python3
"""PubMedQA (pqal JSON, keyed by PMID) -> medbrief JSONL sources on stdout.

    tools/data/pubmedqa_to_jsonl.py ../shared/data/research/pubmedqa-pqal.json > /tmp/pubmedqa.jsonl

Each entry becomes one RESEARCH source, with the ids the PUBMED_XML importer
would give the same article (external_id "pmid:<PMID>", pmid):
  title           the PubMedQA question (the dataset keeps no article title;
                  its questions are the titles rephrased as questions)
  published_date  YEAR
  mesh_terms      MESHES
  sections        each abstract section (CONTEXTS under its LABELS heading),
                  then the conclusion (LONG_ANSWER) headed "Conclusions"
The data stays outside the repository: the output goes to a temp file.
"""
import json
import sys


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        entries = json.load(f)
    for pmid, e in sorted(entries.items()):
        labels = e.get("LABELS") or []
        sections = []
        for i, text in enumerate(e.get("CONTEXTS") or []):
            heading = labels[i].title() if i < len(labels) and labels[i] else "Abstract"
            sections.append({"heading": heading, "text": text})
        if e.get("LONG_ANSWER"):
            sections.append({"heading": "Conclusions", "text": e["LONG_ANSWER"]})
        if not sections:
            continue
        source = {
            "external_id": f"pmid:{pmid}",
            "kind": "RESEARCH",
            "title": e["QUESTION"],
            "pmid": pmid,
            "sections": sections,
        }
        if e.get("YEAR"):
            source["published_date"] = str(e["YEAR"])
        if e.get("MESHES"):
            source["mesh_terms"] = e["MESHES"][:200]
        print(json.dumps(source, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
