#pragma once
//! Provenance as JSON, the same object in every format that has room for
//! it: {"answers": n, "confidence": c, "workers": [pseudonyms],
//! "agreement": [per worker, same order]} ("confidence" left out when unknown).

#include <nlohmann/json.hpp>
#include <string>

#include "formats/export_item.h"

namespace fairlabel::formats {

void append_provenance(std::string& out, const Provenance& provenance);
nlohmann::json provenance_to_json(const Provenance& provenance);
//! Throws invalid_input "invalid_provenance" when the object is malformed.
Provenance provenance_from_json(const nlohmann::json& value);

}  // namespace fairlabel::formats
