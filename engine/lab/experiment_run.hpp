// What the fd-hungry experiments (scan, register) share around their measurements: the start
// (the descriptor limit raised, the parameters checked against it), each result handed on as it
// is known, and an end that tells a stop from a failure.
#pragma once

#include <functional>
#include <utility>

#include "lab/scan_experiment.hpp"
#include "net/stop_signal.hpp"

namespace ioscope {

template <typename Report, typename Result>
class ExperimentRun {
 public:
  ExperimentRun(Report& report, const StopSignal& stop,
                const std::function<void(const Result&)>& on_result)
      : report_(report), stop_(stop), on_result_(on_result) {}

  // False (the report names why) when the experiment cannot start with these parameters.
  template <typename Params>
  bool start(const Params& params) {
    report_.params = params;
    if (auto no_stop = stop_.unusable()) {
      report_.error = no_stop->message;
      return false;
    }
    auto ceiling = raise_fd_limit();
    if (!ceiling) {
      report_.error = ceiling.error().message;
      return false;
    }
    report_.ceiling = *ceiling;
    if (auto bad = validate(params, *ceiling)) {
      report_.error = bad->message;
      return false;
    }
    return true;
  }
  void emit(Result r) {
    report_.results.push_back(std::move(r));
    if (on_result_) on_result_(report_.results.back());
  }
  // The report as it ends on an error: cancelled if a stop was asked for (the error is then
  // only its consequence), failed otherwise.
  Report& fail(const Error& e) {
    if (stop_.requested())
      report_.cancelled = true;
    else
      report_.error = e.message;
    return report_;
  }

 private:
  Report& report_;
  const StopSignal& stop_;
  const std::function<void(const Result&)>& on_result_;
};

}  // namespace ioscope
