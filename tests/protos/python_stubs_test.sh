#!/usr/bin/env bash
# Generates Python stubs for the four medbrief contracts with Debian's protoc
# and grpc_python_plugin, then checks with Debian's python3 (python3-grpcio,
# python3-protobuf) that they import, that a message of each service
# round-trips, and that each service has exactly the RPCs of DESIGN.md.
#
# Usage: tests/protos/python_stubs_test.sh [PROTOS_DIR]
#   PROTOS_DIR defaults to the repository's protos/ directory.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
protos_dir="${1:-${script_dir}/../../protos}"

if [[ ! -d "${protos_dir}/medbrief" ]]; then
  echo "python stubs: FAIL: ${protos_dir} has no medbrief/ directory" >&2
  exit 2
fi
protos_dir="$(cd "${protos_dir}" && pwd)"

for tool in protoc /usr/bin/grpc_python_plugin /usr/bin/python3; do
  if ! command -v "${tool}" >/dev/null 2>&1; then
    echo "python stubs: FAIL: ${tool} not found" >&2
    exit 2
  fi
done

out_dir="$(mktemp -d)"
trap 'rm -rf "${out_dir}"' EXIT

protos=(
  medbrief/content/v1/content.proto
  medbrief/citation/v1/citation.proto
  medbrief/review/v1/review.proto
  medbrief/answer/v1/answer.proto
)

if ! (cd "${protos_dir}" && protoc -I. -I/usr/include \
        --python_out="${out_dir}" --grpc_python_out="${out_dir}" \
        --plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin \
        "${protos[@]}"); then
  echo "python stubs: FAIL: protoc could not generate the stubs" >&2
  exit 1
fi

PYTHONPATH="${out_dir}" /usr/bin/python3 - <<'PY'
import importlib
import sys

from google.protobuf import descriptor_pb2

failures = []


def check(cond, message):
    if not cond:
        failures.append(message)


def load(name):
    try:
        return importlib.import_module(name)
    except Exception as e:  # report every module that fails, then stop
        failures.append(f"import {name}: {type(e).__name__}: {e}")
        return None


mods = {}
for svc in ("content", "citation", "review", "answer"):
    for suffix in ("_pb2", "_pb2_grpc"):
        name = f"medbrief.{svc}.v1.{svc}{suffix}"
        mods[svc + suffix] = load(name)
if failures:
    print("python stubs: FAIL\n  " + "\n  ".join(failures), file=sys.stderr)
    sys.exit(1)

content = mods["content_pb2"]
citation = mods["citation_pb2"]
review = mods["review_pb2"]
answer = mods["answer_pb2"]


def roundtrip(msg):
    data = msg.SerializeToString()
    back = type(msg)()
    back.ParseFromString(data)
    check(back == msg, f"{type(msg).__name__} does not round-trip")
    return back


# One main message per service.
src = content.Source(
    title="Hypertension in adults: diagnosis and management",
    kind=content.GUIDELINE,
    external_id="ngc:1234",
    published_date="2019-08",
    status=content.CURRENT,
    authors=["National Guideline Centre"],
    identifiers=content.Identifiers(url="https://www.nice.org.uk/guidance/ng136"),
    sections=[content.SourceSection(heading="Recommendations", text="Offer ...")],
)
src.create_time.GetCurrentTime()
back = roundtrip(src)
check(back.title.startswith("Hypertension") and back.kind == content.GUIDELINE,
      "content.Source lost its title or kind")
check(content.SourceEvent.STATUS_CHANGED == 3, "SourceEvent.Type is not nested as expected")

cit = citation.Citation(
    number=1, source_id="s1", passage_ids=["p1"], formatted="Ref.",
    url="https://doi.org/10.1/x",
    support=[citation.Support(claim="Take 500 mg.", verdict=citation.PARTIAL,
                              score=0.5, missing_terms=["daily"], passage_id="p1")],
)
roundtrip(cit)
check(citation.REFERENCE_STYLE_UNSPECIFIED == 0 and citation.AMA == 1,
      "citation.ReferenceStyle values are off")

art = review.Article(id="a1", answer_id="ans1", question="q?", author="medbrief-answer",
                     status=review.UNDER_REVIEW, reviewer_ids=["r1"], approvals=["r1"],
                     required_approvals=2, etag="e1")
roundtrip(art)
check(review.AuditEvent.APPROVE == 4 and review.APPROVE == 1,
      "review Decision / AuditEvent.Action values are off")

ans = answer.Answer(
    id="ans1", question="What is the first-line treatment of hypertension?",
    audience=answer.CLINICIAN,
    sections=[answer.Section(kind=answer.GUIDELINES, title="From the Guidelines",
                             summary="Offer an ACE inhibitor [1].", key_points=["k [1]"],
                             citation_numbers=[1])],
    citations=[cit],
    review=answer.ReviewState(status=review.SUBMITTED,
                              banner="content pending review by the medical advisory board"),
    reading_grade=9.5, degraded_reasons=["research: content search deadline exceeded"],
)
roundtrip(ans)
chunk = answer.AnswerChunk(section=ans.sections[0])
check(roundtrip(chunk).WhichOneof("chunk") == "section", "AnswerChunk oneof is off")

# Stubs and exact RPC sets (name -> (client streaming, server streaming)).
expected = {
    ("content", "ContentService"): {
        "CreateSource": (False, False),
        "ImportSources": (True, False),
        "GetSource": (False, False),
        "ListSources": (False, False),
        "UpdateSourceStatus": (False, False),
        "GetPassage": (False, False),
        "Search": (False, False),
        "WatchSourceEvents": (False, True),
    },
    ("citation", "CitationService"): {
        "RegisterCitations": (False, False),
        "ListCitations": (False, False),
        "FormatReference": (False, False),
        "CheckSupport": (False, False),
        "ListCitingAnswers": (False, False),
    },
    ("review", "ReviewService"): {
        "CreateReviewer": (False, False),
        "SubmitArticle": (False, False),
        "ClaimReview": (False, False),
        "AddComment": (False, False),
        "ListComments": (False, False),  # added beyond DESIGN.md's table
        "Decide": (False, False),
        "ResubmitArticle": (False, False),
        "ReopenArticle": (False, False),
        "RetractArticle": (False, False),
        "GetArticle": (False, False),
        "GetArticleByAnswer": (False, False),
        "ListArticles": (False, False),
        "ListAuditEvents": (False, False),
        "WatchArticles": (False, True),
    },
    ("answer", "AnswerService"): {
        "Ask": (False, False),
        "AskStream": (False, True),
        "GetAnswer": (False, False),
        "ListAnswers": (False, False),
    },
}

for (svc, service_name), rpcs in expected.items():
    pb2 = mods[svc + "_pb2"]
    grpc_mod = mods[svc + "_pb2_grpc"]
    for cls in (service_name + "Stub", service_name + "Servicer"):
        check(hasattr(grpc_mod, cls), f"{svc}_pb2_grpc has no {cls}")
    sd = pb2.DESCRIPTOR.services_by_name.get(service_name)
    if sd is None:
        failures.append(f"{svc}: no service {service_name}")
        continue
    check(sd.full_name == f"medbrief.{svc}.v1.{service_name}",
          f"{service_name} full name is {sd.full_name}")
    got = {m.name for m in sd.methods}
    if got != set(rpcs):
        failures.append(f"{service_name}: missing {sorted(set(rpcs) - got)}, "
                        f"unexpected {sorted(got - set(rpcs))}")
    fdp = descriptor_pb2.FileDescriptorProto()
    pb2.DESCRIPTOR.CopyToProto(fdp)
    for sp in fdp.service:
        if sp.name != service_name:
            continue
        for mp in sp.method:
            if mp.name in rpcs:
                want = rpcs[mp.name]
                have = (mp.client_streaming, mp.server_streaming)
                check(have == want,
                      f"{service_name}.{mp.name}: streaming {have}, want {want}")

if failures:
    print("python stubs: FAIL\n  " + "\n  ".join(failures), file=sys.stderr)
    sys.exit(1)
print("python stubs: OK")
PY
