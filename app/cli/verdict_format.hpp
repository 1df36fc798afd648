// How trace and import print which I/O model a program uses: a few lines of text, or one JSON
// object with model, confidence and evidence (and the counts behind them).
#pragma once

#include <QJsonObject>

#include <string>

#include "foreign/model_verdict.hpp"
#include "probe/probe_events.hpp"

namespace ioscope::cli {

QJsonObject verdict_json(const ModelVerdict& v, const ObservedProgram& program);
std::string verdict_text(const ModelVerdict& v, const ObservedProgram& program);
// What the probe measured on a traced program's side (the kernel's lane and its peers).
QJsonObject kernel_json(const KernelEventCounts& k);
std::string kernel_text(const KernelEventCounts& k);

}  // namespace ioscope::cli
