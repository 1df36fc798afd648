// A run's summary as text for people or as one JSON object for programs.
#pragma once

#include <QJsonObject>
#include <string>

#include "lab/run.hpp"
#include "lab/serve_session.hpp"

namespace ioscope::cli {

QJsonObject summary_json(const RunSummary& s);
std::string summary_text(const RunSummary& s);

QJsonObject serve_summary_json(const ServeSummary& s);
std::string serve_summary_text(const ServeSummary& s);

}  // namespace ioscope::cli
