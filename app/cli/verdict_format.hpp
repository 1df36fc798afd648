// How trace and import print which I/O model a program uses: a few lines of text, or one JSON
// object with model, confidence and evidence (and the counts behind them).
#pragma once

#include <QJsonObject>

#include <string>

#include "foreign/model_verdict.hpp"

namespace ioscope::cli {

QJsonObject verdict_json(const ModelVerdict& v, const ObservedProgram& program);
std::string verdict_text(const ModelVerdict& v, const ObservedProgram& program);

}  // namespace ioscope::cli
