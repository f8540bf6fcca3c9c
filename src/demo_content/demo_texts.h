#pragma once
//! The demo's texts: messages to classify, model answers to correct and
//! to rank, each with its true answer. Written for the demo, in English.

#include <vector>

#include "demo_content/demo_content.h"

namespace fairlabel::demo_content {

DemoProject demo_classification_project();
DemoProject demo_text_edit_project();
DemoProject demo_text_rank_project();

}  // namespace fairlabel::demo_content
