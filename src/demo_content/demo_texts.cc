#include "demo_content/demo_texts.h"

namespace fairlabel::demo_content {

using nlohmann::json;

DemoProject demo_classification_project() {
  DemoProject project{"classification", "Customer messages: intent",
                      "Read the message and choose what the customer wants.\n\n"
                      "- **question**: they ask for information\n"
                      "- **complaint**: something went wrong for them\n"
                      "- **praise**: they are happy with something\n",
                      json::parse(R"({"labels": [{"name": "question", "color": "#4363d8"},
                                                 {"name": "complaint", "color": "#e6194b"},
                                                 {"name": "praise", "color": "#3cb44b"}]})"),
                      {}};
  const std::pair<const char*, const char*> messages[] = {
      {"Do you ship to Portugal, and how long does it take?", "question"},
      {"My order arrived with a cracked screen and nobody answers my emails.", "complaint"},
      {"The repair was quick and the technician explained everything. Thank you!", "praise"},
      {"Can I change the delivery address after paying?", "question"},
      {"I was charged twice for the same subscription this month.", "complaint"},
      {"Best customer service I have had in years, really.", "praise"},
      {"Is the blue model available in a larger size?", "question"},
      {"The app logs me out every few minutes since the last update.", "complaint"},
  };
  for (const auto& [text, label] : messages) project.tasks.push_back({{{"text", text}}, {{"label", label}}});
  return project;
}

DemoProject demo_text_edit_project() {
  DemoProject project{"text_edit", "Assistant answers: correct and score",
                      "Fix every factual error and every unclear sentence in the assistant's answer, keeping what is "
                      "right. Then score the **original** answer on each criterion.\n",
                      json::parse(R"({"rubric": [
                          {"id": "accuracy", "title": "Factually accurate", "min": 1, "max": 5},
                          {"id": "clarity", "title": "Clear and to the point", "min": 1, "max": 5}]})"),
                      {}};
  struct Item {
    const char* prompt;
    const char* response;
    const char* corrected;
    int accuracy, clarity;
  };
  const Item items[] = {
      {"At what temperature does water boil at sea level?",
       "Water boils at 90 °C (194 °F) at sea level. At higher altitudes it boils at a higher temperature because the "
       "air pressure is higher.",
       "Water boils at 100 °C (212 °F) at sea level. At higher altitudes it boils at a lower temperature because the "
       "air pressure is lower.",
       1, 4},
      {"How many planets are in the Solar System?",
       "There are nine planets: Mercury, Venus, Earth, Mars, Jupiter, Saturn, Uranus, Neptune and Pluto.",
       "There are eight planets: Mercury, Venus, Earth, Mars, Jupiter, Saturn, Uranus and Neptune. Pluto was "
       "reclassified as a dwarf planet in 2006.",
       2, 5},
      {"Who wrote 'Pride and Prejudice'?",
       "'Pride and Prejudice' is a novel that was written, as many people know, by the English author Charlotte "
       "Brontë, and it was first published in the year 1813, which is a long time ago.",
       "'Pride and Prejudice' was written by the English author Jane Austen and first published in 1813.", 2, 2},
      {"What is the chemical symbol for gold?",
       "The chemical symbol for gold is Au, from the Latin word aurum.",
       "The chemical symbol for gold is Au, from the Latin word aurum.", 5, 5},
  };
  for (const Item& item : items)
    project.tasks.push_back({{{"prompt", item.prompt}, {"response", item.response}},
                             {{"response", item.corrected},
                              {"scores", {{"accuracy", item.accuracy}, {"clarity", item.clarity}}}}});
  return project;
}

DemoProject demo_text_rank_project() {
  DemoProject project{"text_rank", "Assistant answers: rank",
                      "Rank the answers from best to worst: correct first, then helpful and clear. Say why the best "
                      "one wins.\n",
                      json::object(),
                      {}};
  struct Item {
    const char* prompt;
    std::vector<std::pair<const char*, const char*>> responses;
    std::vector<const char*> ranking;
    const char* reason;
  };
  const std::vector<Item> items = {
      {"How do I convert 5 miles to kilometres?",
       {{"a", "Multiply by 1.609: 5 miles is about 8.05 km."},
        {"b", "Divide by 1.609: 5 miles is about 3.1 km."},
        {"c", "5 miles is roughly 8 km (1 mile ≈ 1.6 km)."}},
       {"a", "c", "b"},
       "a gives the exact factor and result; c is right but rounded; b divides instead of multiplying."},
      {"Why is the sky blue?",
       {{"a", "Because it reflects the colour of the oceans."},
        {"b", "Air molecules scatter short (blue) wavelengths of sunlight much more than long (red) ones — Rayleigh "
              "scattering — so blue light reaches our eyes from every direction of the sky."},
        {"c", "Sunlight is scattered by the air, and blue light is scattered the most."}},
       {"b", "c", "a"},
       "b explains the mechanism and names it; c is correct but thin; a is a common myth."},
      {"Write a one-line Python expression that reverses a string s.",
       {{"a", "s[::-1]"}, {"b", "''.join(reversed(s))"}, {"c", "s.reverse()"}},
       {"a", "b", "c"},
       "a is the idiomatic slice; b also works; c fails because str has no reverse method."},
  };
  for (const Item& item : items) {
    json responses = json::array();
    for (const auto& [id, text] : item.responses) responses.push_back({{"id", id}, {"text", text}});
    project.tasks.push_back(
        {{{"prompt", item.prompt}, {"responses", responses}}, {{"ranking", item.ranking}, {"reason", item.reason}}});
  }
  return project;
}

}  // namespace fairlabel::demo_content
