#!/usr/bin/python3
"""Reads a COCO export written by fairlabel with nothing but Python's json,
applies the COCO instances field rules the standard readers rely on
(pycocotools, Detectron2, Datumaro), and finds a box at its known place.

Run by ctest (formats.coco_python_reader): it runs the formats test binary's
Coco.WritesTheKnownProjectForThePythonReader with FAIRLABEL_COCO_OUT set,
then checks the file. Exit status 0 when every rule holds."""
import json
import os
import subprocess
import sys
import tempfile


def fail(message):
    print("COCO check failed: " + message)
    sys.exit(1)


def check(doc):
    for key in ("images", "annotations", "categories"):
        if not isinstance(doc.get(key), list):
            fail(key + " must be a list")
    categories = {}
    for c in doc["categories"]:
        if not isinstance(c.get("id"), int) or c["id"] < 1 or not isinstance(c.get("name"), str):
            fail("bad category %r" % (c,))
        if c["id"] in categories:
            fail("repeated category id %d" % c["id"])
        categories[c["id"]] = c["name"]
    images = {}
    for im in doc["images"]:
        for key in ("id", "width", "height"):
            if not isinstance(im.get(key), int) or im[key] < 1:
                fail("image %r needs a positive integer %s" % (im.get("id"), key))
        if not isinstance(im.get("file_name"), str) or not im["file_name"]:
            fail("image %r needs a file_name" % im["id"])
        if im["id"] in images:
            fail("repeated image id %d" % im["id"])
        images[im["id"]] = im
    seen = set()
    for a in doc["annotations"]:
        # pycocotools never matches a ground-truth annotation whose id is 0.
        if not isinstance(a.get("id"), int) or a["id"] < 1 or a["id"] in seen:
            fail("annotation ids must be unique positive integers: %r" % a.get("id"))
        seen.add(a["id"])
        if a.get("image_id") not in images:
            fail("annotation %d names no image" % a["id"])
        if a.get("category_id") not in categories:
            fail("annotation %d names no category" % a["id"])
        if a.get("iscrowd") not in (0, 1):
            fail("annotation %d: iscrowd must be 0 or 1" % a["id"])
        box = a.get("bbox")
        if not (isinstance(box, list) and len(box) == 4 and all(isinstance(v, (int, float)) for v in box)):
            fail("annotation %d: bbox must be [x, y, w, h]" % a["id"])
        x, y, w, h = box
        im = images[a["image_id"]]
        if w <= 0 or h <= 0 or x < 0 or y < 0 or x + w > im["width"] + 1e-3 or y + h > im["height"] + 1e-3:
            fail("annotation %d: bbox %r outside its %dx%d image" % (a["id"], box, im["width"], im["height"]))
        if abs(a.get("area", -1) - w * h) > 1e-6 * max(1.0, w * h):
            fail("annotation %d: area %r is not w*h" % (a["id"], a.get("area")))
    return categories, images


def find_box(doc, categories, images):
    # The known place: the car on image 11 (640x480) at x=10, y=20, 100x50.
    for a in doc["annotations"]:
        im = images[a["image_id"]]
        if im["id"] == 11 and categories[a["category_id"]] == "car":
            if a["bbox"] == [10, 20, 100, 50] and im["width"] == 640 and im["height"] == 480:
                return True
            fail("the car is at %r, expected [10, 20, 100, 50]" % a["bbox"])
    fail("the car of image 11 is missing")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--write-with":
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "instances_default.json")
            env = dict(os.environ, FAIRLABEL_COCO_OUT=path)
            subprocess.run([sys.argv[2], "--gtest_filter=Coco.WritesTheKnownProjectForThePythonReader"],
                           env=env, check=True, stdout=subprocess.DEVNULL)
            with open(path) as f:
                doc = json.load(f)
    elif len(sys.argv) == 2:
        with open(sys.argv[1]) as f:
            doc = json.load(f)
    else:
        fail("usage: check_coco.py FILE | --write-with TEST_BINARY")
    categories, images = check(doc)
    find_box(doc, categories, images)
    if len(images) != 3 or len(doc["annotations"]) != 3:
        fail("expected 3 images and 3 annotations, got %d and %d" % (len(images), len(doc["annotations"])))
    print("COCO check passed: %d images, %d annotations, %d categories" %
          (len(images), len(doc["annotations"]), len(categories)))


if __name__ == "__main__":
    main()
