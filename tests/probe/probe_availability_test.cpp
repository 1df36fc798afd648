// What the availability check says on this machine.
#include <unistd.h>

#include <iostream>

#include <gtest/gtest.h>

#include "probe/kernel_probe.hpp"

namespace ioscope {
namespace {

TEST(ProbeAvailability, NamesEveryTracepointAndGivesAReasonForEachMissingOne) {
  const ProbeAvailability a = KernelProbe::check();
  for (const auto& reason : a.reasons) std::cout << "  " << reason << "\n";
  EXPECT_EQ(a.can_run(), a.reasons.empty() || (a.privileged && a.btf && a.built));
  if (!a.built) GTEST_SKIP() << a.reasons.back();
  EXPECT_EQ(a.tracepoints.size(), probe_tracepoints().size());
  for (const auto& tp : a.tracepoints) {
    EXPECT_EQ(tp.present, tp.reason.empty()) << tp.name;
    if (!tp.present) {
      EXPECT_NE(tp.reason.find(tp.group + ":"), std::string::npos);
    }
  }
  if (a.btf) {
    EXPECT_TRUE(a.has("sched_switch")) << "every BTF kernel has sched_switch";
  }
}

TEST(ProbeAvailability, RootIsPrivileged) {
  if (geteuid() != 0) GTEST_SKIP() << "not root";
  EXPECT_TRUE(KernelProbe::check().privileged);
}

}  // namespace
}  // namespace ioscope
