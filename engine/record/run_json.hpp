// A run's scenario and what it reported, as the JSON a recording's metadata keeps them in.
#pragma once

#include <nlohmann/json.hpp>

#include "lab/run.hpp"
#include "lab/scenario.hpp"
#include "record/json_fields.hpp"

namespace ioscope::record {

nlohmann::json scenario_json(const Scenario& s);
// Fields that are missing keep s's values; bad ones are reported through in.
void read_scenario(JsonFields in, Scenario& s);

// Everything the summary holds except the scenario and the per-message latencies (the events
// carry those: ClientRecv's value).
nlohmann::json run_result_json(const RunSummary& s);
void read_run_result(JsonFields in, RunSummary& s);

}  // namespace ioscope::record
