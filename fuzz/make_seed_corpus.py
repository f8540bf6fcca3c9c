#!/usr/bin/env python3
"""Writes the hand-made seed corpus of every fuzz target into fuzz/corpus/.

Run it again after changing a seed below; files added by hand or from
findings (named finding-*) are kept. Each seed is a small valid or invalid
example of what the target reads (see the header comment of its
*_fuzzer.cc for the input layout).
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
PNG = "789b7aea0d800df21a3b16883f00dec1833e0794dcc33dbc449716c034c2b673"  # import_checks.h
IMAGE = {"sha256": "a" * 64, "mime": "image/jpeg", "width": 1280, "height": 720}
STORED_IMAGE = {"sha256": PNG, "mime": "image/png", "width": 2, "height": 3}
# Task type selectors, in the order of tasktypes::all_task_types.
CLS, TAGS, BBOX, TRACK, EDIT, RANK = "012345"


def write(target, name, content):
    folder = os.path.join(HERE, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    data = content.encode() if isinstance(content, str) else content
    with open(os.path.join(folder, name), "wb") as out:
        out.write(data)


def j(value):
    return json.dumps(value, ensure_ascii=False)


def keyframe(frame, x=10, y=20, w=30, h=40, outside=False, occluded=False):
    return {"frame": frame, "x": x, "y": y, "w": w, "h": h, "outside": outside, "occluded": occluded}


# ---- fuzz_task_documents: selector + request body ----
T = "fuzz_task_documents"
write(T, "classification_payload", CLS + j({"payload": {"label": "car"}}))
write(T, "classification_unknown_label", CLS + j({"payload": {"label": "bus"}}))
write(T, "classification_text_only_input", CLS + j({"input": {"text": "Is it a cat?"}, "payload": {"label": "car"}}))
write(T, "classification_evidence_task", CLS + j({"payload": {"label": "car"}, "evidence": [{"kind": "task", "note": "wrong"}]}))
write(T, "tags_payload", TAGS + j({"payload": {"tags": ["car", "palm tree"]}}))
write(T, "tags_duplicate", TAGS + j({"payload": {"tags": ["car", "car"]}}))
write(T, "tags_correction", TAGS + j({"payload": {"tags": ["car"]}, "corrected_payload": {"tags": ["pedestrian", "car"]}}))
boxes = [{"id": "b1", "label": "car", "x": 1, "y": 2, "w": 30.5, "h": 40},
         {"id": "b2", "label": "pedestrian", "x": 1200, "y": 600, "w": 80, "h": 120}]
write(T, "bbox_payload", BBOX + j({"payload": {"boxes": boxes}}))
write(T, "bbox_box_outside_image", BBOX + j({"payload": {"boxes": [dict(boxes[0], x=1279, w=5)]}}))
write(T, "bbox_evidence_box", BBOX + j({"payload": {"boxes": boxes}, "evidence": [{"kind": "box", "box_id": "b2", "note": "too big"}]}))
write(T, "bbox_correction", BBOX + j({"payload": {"boxes": boxes}, "corrected_payload": {"boxes": [dict(boxes[0], x=3)]}}))
tracks = [{"id": "t1", "label": "pedestrian", "keyframes": [keyframe(0), keyframe(4, x=50, occluded=True), keyframe(7, outside=True), keyframe(9, x=5)]},
          {"id": "t2", "label": "car", "keyframes": [keyframe(2, w=10.25, h=3.5)]}]
write(T, "track_payload", TRACK + j({"payload": {"tracks": tracks}}))
write(T, "track_keyframes_unordered", TRACK + j({"payload": {"tracks": [{"id": "t1", "label": "car", "keyframes": [keyframe(5), keyframe(3)]}]}}))
write(T, "track_evidence_frame", TRACK + j({"payload": {"tracks": tracks}, "evidence": [{"kind": "track", "track_id": "t1", "frame": 4}]}))
write(T, "track_correction", TRACK + j({"payload": {"tracks": tracks}, "corrected_payload": {"tracks": tracks[:1]}}))
write(T, "track_custom_video", TRACK + j({"input": {"video": {"fps": 29.97, "width": 64, "height": 48, "frames": ["d" * 64] * 3}},
                                          "payload": {"tracks": [{"id": "x", "label": "car", "keyframes": [keyframe(0, w=3, h=3), keyframe(2, x=60, w=3, h=3)]}]}}))
edit = {"response": "Hello there.", "scores": {"accuracy": 4, "tone": 2}}
write(T, "edit_payload", EDIT + j({"payload": edit}))
write(T, "edit_score_out_of_scale", EDIT + j({"payload": dict(edit, scores={"accuracy": 9, "tone": 2})}))
write(T, "edit_evidence_span", EDIT + j({"payload": edit, "evidence": [{"kind": "text_span", "field": "response", "start": 0, "end": 5, "note": "typo"}]}))
write(T, "edit_unicode", EDIT + j({"input": {"prompt": "Grüß dich 👋", "response": "ça va"}, "payload": dict(edit, response="😀 é")}))
rank = {"ranking": ["b", "a", "c"], "reason": "b answers the question"}
write(T, "rank_payload", RANK + j({"payload": rank}))
write(T, "rank_not_permutation", RANK + j({"payload": dict(rank, ranking=["a", "a", "c"])}))
write(T, "rank_evidence_span", RANK + j({"payload": rank, "evidence": [{"kind": "text_span", "field": "reason", "start": 2, "end": 9}]}))
write(T, "rank_custom_schema", RANK + j({"label_schema": {}, "payload": rank, "corrected_payload": dict(rank, ranking=["a", "b", "c"])}))
write(T, "schema_rubric_bad", EDIT + j({"label_schema": {"rubric": [{"id": "a", "title": "", "min": 3, "max": 1}]}, "payload": edit}))
write(T, "schema_labels_colors", TAGS + j({"label_schema": {"labels": [{"name": "x", "color": "#00ff00"}, {"name": " y"}]}, "payload": {"tags": ["x"]}}))
write(T, "body_not_object", CLS + "[1,2]")
write(T, "body_malformed", BBOX + '{"payload": {"boxes": [')
write(T, "body_unknown_field", CLS + j({"payload": {"label": "car"}, "extra": 1}))
write(T, "body_deep_numbers", BBOX + '{"payload":{"boxes":[{"id":"b","label":"car","x":1e308,"y":-0.0,"w":1E-320,"h":18446744073709551616}]}}')

# ---- fuzz_json_body: content type line + body ----
T = "fuzz_json_body"
write(T, "all_fields", "application/json\n" + j({"name": "Ada", "limit": 5, "roles": ["worker"], "region": None,
                                                   "payout_method": {"kind": "iban"}, "active": True, "payload": [1]}))
write(T, "charset", "application/json; charset=utf-8\n" + j({"name": "x"}))
write(T, "plus_json", "application/problem+json\n" + j({"name": "x", "limit": -9223372036854775808}))
write(T, "no_content_type", "\n" + j({"name": "x", "limit": 18446744073709551615}))
write(T, "text_plain", "text/plain\nname=x")
write(T, "empty_body", "application/json\n")
write(T, "wrong_types", "application/json\n" + j({"name": 3, "limit": 1.5, "roles": [1], "region": 7, "payout_method": [], "active": "yes"}))
write(T, "unknown_field", "application/json\n" + j({"name": "x", "nmae": "y"}))
write(T, "malformed", "application/json\n{\"name\": \"x\",}")
write(T, "array", "application/json\n[]")
write(T, "long_name", "application/json\n" + j({"name": "n" * 300}))
write(T, "unicode_escapes", "application/json\n" + '{"name": "\\ud83d\\ude00", "region": "\\u0000"}')
write(T, "duplicate_keys", "application/json\n" + '{"name": "a", "name": "b"}')

# ---- fuzz_settings_document: body ----
T = "fuzz_settings_document"
full = {"label_schema": {"labels": [{"name": "car"}]}, "piece_rate_minor": 150, "currency": "USD",
        "time_estimate_seconds": 120, "overlap": 3, "max_overlap": 5,
        "review_stages": [{"name": "QA", "deadline_seconds": 86400, "countries": ["PH"], "org_staff_only": False}],
        "gold_share_percent": 10, "eligibility": {"countries": ["PH"], "regions": [], "qualifications": []},
        "lease_seconds": 1800, "training": {"pass_percent": 80, "grants": "video-basics"}}
write(T, "full", j(full))
write(T, "minimal", j({"label_schema": {}, "piece_rate_minor": 1, "currency": "JPY"}))
write(T, "missing_currency", j({"label_schema": {}, "piece_rate_minor": 1}))
write(T, "bad_values", j(dict(full, overlap=0, max_overlap=-1, currency="usd", gold_share_percent=101)))
write(T, "bad_stage", j(dict(full, review_stages=[{"name": "", "deadline_seconds": "soon"}, 3])))
write(T, "bad_eligibility", j(dict(full, eligibility={"countries": ["Philippines"], "regions": [1], "x": True})))
write(T, "unknown_field", j(dict(full, colour="blue")))
write(T, "huge_numbers", j(dict(full, piece_rate_minor=9223372036854775807, lease_seconds=1e30)))
write(T, "training_null", j(dict(full, training=None)))
write(T, "not_object", "[]")
write(T, "malformed", '{"currency": "USD"')

# ---- fuzz_money_amount: currency selector + text ----
T = "fuzz_money_amount"
# Selector bytes: Currency::all() is in code order; any byte is valid.
for i, text in enumerate(["12.50", "-0.5", "1200", "0", "-0", "007.1", "12.345", "1,000.00", "+1", " 1", "1e3", ".5",
                          "5.", "-", "", "9223372036854775807", "92233720368547758.08", "-92233720368547758.08",
                          "99999999999999999999", "1.2.3", "٣", "1٣", "12.5€", "-\u00a0"]):
    write(T, f"amount_{i:02d}", bytes([i * 7 % 256]) + text.encode())

# ---- fuzz_import_jsonl: selector + manifest ----
T = "fuzz_import_jsonl"
write(T, "classification_rows", CLS + j({"text": "one"}) + "\n\n" + j({"text": "two", "image": STORED_IMAGE}) + "\r\n")
write(T, "classification_sha_string", CLS + j({"image": PNG}) + "\n")
write(T, "tags_bom", TAGS + "\ufeff" + j({"image": STORED_IMAGE}))
write(T, "bbox_unknown_media", BBOX + j({"image": IMAGE}) + "\n" + j({"image": "b" * 64}))
write(T, "bbox_path_without_folder", BBOX + j({"image": "cats/1.png"}))
write(T, "track_rows", TRACK + j({"video": {"fps": 25, "width": 2, "height": 3, "frames": [PNG, PNG]}}))
write(T, "edit_rows", EDIT + j({"prompt": "p", "response": "r"}) + "\n" + j({"prompt": "", "response": 1}))
write(T, "rank_rows", RANK + j({"prompt": "p", "responses": [{"id": "a", "text": "x"}, {"id": "b", "text": "y"}]}))
write(T, "not_json", CLS + '{"text": "a"\n{"text": "b"}\nnull\n[1]\n')
write(T, "empty", EDIT + "  \n\t\n")
write(T, "invalid_utf8", CLS + '{"text": "\xff"}\n'.encode("latin-1").decode("latin-1"))
write(T, "raw_bytes", b"0" + b'{"text": "ok"}\n\xc3\x28\n\xff\xfe')

# ---- fuzz_import_csv: selector + CSV ----
T = "fuzz_import_csv"
write(T, "classification", CLS + "text,image\r\nhello,\r\n,\"" + PNG + "\"\r\n\"quoted, with comma\",\n")
write(T, "tags", TAGS + "image\n" + PNG + "\n")
write(T, "bbox_missing_media", BBOX + "image\n" + "c" * 64 + "\nnot-a-sha\n")
write(T, "track_no_csv", TRACK + "video\nx\n")
write(T, "edit", EDIT + 'prompt,response\n"Say ""hi""","Hi,\nthere"\n')
write(T, "rank", RANK + 'prompt,responses\np,"[{""id"":""a"",""text"":""x""},{""id"":""b"",""text"":""y""}]"\n')
write(T, "rank_bad_json", RANK + 'prompt,responses\np,[\n')
write(T, "unknown_column", EDIT + "prompt,response,extra\na,b,c\n")
write(T, "duplicate_column", TAGS + "image,image\na,b\n")
write(T, "wrong_field_count", EDIT + "prompt,response\na\na,b,c\n")
write(T, "unterminated_quote", CLS + 'text\n"abc\n')
write(T, "quote_in_field", CLS + 'text\nab"c\n')
write(T, "empty", CLS + "")
write(T, "bom_header", CLS + "\ufefftext\nx\n")
write(T, "raw_bytes", b"4prompt,response\n\xff,\xc0\x80\n")
write(T, "bad_header_bytes", b"1im\xffage\n")

# ---- fuzz_answers_csv: CSV ----
T = "fuzz_answers_csv"
write(T, "answers", "task,worker,label\nt1,w1,cat\nt1,w2,dog\nt2,w1,cat\n")
write(T, "answers_reordered_extra", "label,extra,worker,task\r\ncat,,w1,t1\r\ndog,x,w2,t1\r\n")
write(T, "answers_quoted", 'task,worker,label\n"t,1","w""1","multi\nline"\n')
write(T, "answers_bom_blank_lines", "\ufefftask,worker,label\n\n\nt1,w1,a\r\n\r\nt1,w1,b\n")
write(T, "answers_empty_label", "task,worker,label\nt1,w1,\n")
write(T, "answers_missing_column", "task,worker\nt1,w1\n")
write(T, "answers_field_count", "task,worker,label\nt1,w1,a,b\n")
write(T, "truth", "task,truth\nt1,cat\nt2,dog\nt1,cat\n")
write(T, "truth_conflict", "task,truth\nt1,cat\nt1,dog\n")
write(T, "unterminated", 'task,worker,label\n"t1,w1,a\n')
write(T, "text_after_quote", 'task,worker,label\n"t1"x,w1,a\n')
write(T, "lone_cr", "task,worker,label\rt1,w1,a\rt2,w2,b")
write(T, "empty", "")
write(T, "raw_bytes", b"task,worker,label\n\xff,\x00,\xc3\x28\n")

# ---- fuzz_http_request: size selector + target, Range, If-None-Match, If-Range, Accept-Encoding ----
T = "fuzz_http_request"
A = '"' + "a" * 64 + '"'
write(T, "list_page", "\x05/api/v1/projects/12/tasks?limit=50&cursor=c1.40\nbytes=0-99\n\n\ngzip, br\n")
write(T, "bad_limit", "\x05/api/v1/me/assignments?limit=%zz&cursor=c2.1\n\n\n\n")
write(T, "negative_cursor", "\x01/api/v1/me/assignments?cursor=c1.-5&limit=+3\n")
write(T, "suffix_range", "\x09/api/v1/media/abc\nbytes=-10\n\n" + A + "\ngzip;q=0, *\n")
write(T, "open_range", "\x03/api/v1/media/abc\nbytes=5-\n")
write(T, "unsatisfiable_range", "\x07/api/v1/media/abc\nbytes=100000-\n")
write(T, "several_ranges", "\x07/x\nbytes=0-1,3-4\n")
write(T, "huge_range", "\x07/x\nbytes=18446744073709551615-18446744073709551616\n")
write(T, "if_none_match", "\x02/x\n\nW/" + A + ", \"b\"\n")
write(T, "if_range_mismatch", "\x02/x\nbytes=0-0\n\n\"b\"\n")
write(T, "percent_path", "\x04/api/v1/projects/%31%32/tasks\n")
write(T, "percent_bad", "\x04/api/%zz\n")
write(T, "percent_nul", "\x04/api/%00\n")
write(T, "percent_high_bytes", "\x04/%ff%fe/x\n")
write(T, "dot_segments", "\x04/assets/../index.html\n\n\n\n*;q=0.5\n")
write(T, "method_not_allowed", "\x04/api/v1/me?x\n")
write(T, "relative_target", "\x04api/v1/me\n")
write(T, "members", "\x04/api/v1/orgs/1/members/2\n")
