// The machine a recording was made on, read from the running system: what a reader elsewhere
// needs to judge its times (a kvm-clock guest, a laptop's tsc, how many CPUs shared the load).
#pragma once

#include <string>

#include "record/recording_meta.hpp"

namespace ioscope::record {

MachineInfo this_machine();

// Each piece alone; "" when the system does not say.
std::string host_name();
std::string kernel_release();  // uname -r
std::string machine_arch();    // uname -m
std::string cpu_model();       // /proc/cpuinfo
std::string clock_source();    // the kernel's current clocksource
int online_cpus();

// The CPU's name in the text of /proc/cpuinfo: x86's "model name", else what ARM and others
// call it ("Hardware", "cpu model", "uarch"...).
std::string cpu_model_in(const std::string& cpuinfo);

}  // namespace ioscope::record
