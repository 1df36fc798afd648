// Which row of the timeline shows which track, and where: per run (top to bottom) a title band
// (only when runs are stacked), one buyer row per process thread, the shopkeeper's row (the
// kernel), and one factory row per client, or one shared row when there are too many clients to
// read. Rebuilt on every paint: it costs O(tracks), never O(events).
#pragma once

#include <QList>

#include <cstdint>
#include <vector>

#include "timeline/timeline_types.hpp"

namespace ioscope::ui {

enum class RowKind : std::uint8_t { Title, Buyer, Shopkeeper, Factory, FactoryGroup };

struct LaneRow {
  RowKind kind = RowKind::Buyer;
  int run = 0;
  int y = 0;  // top, in lane coordinates (0 = just below the ruler, before scrolling)
  int height = 0;
  std::uint16_t track = 0;           // the track number (buyer thread, client index)
  std::vector<const Track*> tracks;  // buyer/factory: one; group: every client; may be empty
};

class LaneLayout {
 public:
  static constexpr int kMaxFactoryRows = 8;  // more clients than this share one row

  static constexpr int kTitleHeight = 32;
  static constexpr int kBuyerHeight = 72;
  static constexpr int kShopkeeperHeight = 64;
  static constexpr int kFactoryHeight = 50;
  static constexpr int kFactoryGroupHeight = 56;

  // Lays the runs out for a lanes area available_height px tall. Rows grow (up to 2x) to
  // fill spare height and shrink a little before the lanes need scrolling. The heights above
  // are at the normal size: they grow with metrics.scale (large type).
  static LaneLayout build(const QList<TimelineRun>& runs, int available_height,
                          const TimelineMetrics& metrics = {});

  const std::vector<LaneRow>& rows() const { return rows_; }
  // The sizes the layout was built for (gutter, ruler, scale).
  const TimelineMetrics& metrics() const { return metrics_; }
  int contentHeight() const { return height_; }
  // The row at lane coordinate y, or nullptr.
  const LaneRow* rowAt(int y) const;
  // The row that shows (lane, track) of run `run`: the factory group for a grouped client.
  const LaneRow* rowFor(int run, Lane lane, std::uint16_t track) const;
  const LaneRow* shopkeeperRow(int run) const;

 private:
  std::vector<LaneRow> rows_;
  int height_ = 0;
  TimelineMetrics metrics_;
};

}  // namespace ioscope::ui
