#include "timeline/lane_layout.hpp"

#include <algorithm>
#include <cmath>

namespace ioscope::ui {

namespace {

int normalHeight(RowKind kind) {
  switch (kind) {
    case RowKind::Title:
      return LaneLayout::kTitleHeight;
    case RowKind::Buyer:
      return LaneLayout::kBuyerHeight;
    case RowKind::Shopkeeper:
      return LaneLayout::kShopkeeperHeight;
    case RowKind::Factory:
      return LaneLayout::kFactoryHeight;
    case RowKind::FactoryGroup:
      return LaneLayout::kFactoryGroupHeight;
  }
  return LaneLayout::kFactoryHeight;
}

int preferredHeight(RowKind kind, const TimelineMetrics& m) {
  return m.ipx(normalHeight(kind));
}

void addRunRows(std::vector<LaneRow>& rows, int run, const TraceDocument* doc, bool titled) {
  if (titled) rows.push_back({RowKind::Title, run, 0, 0, 0, {}});
  std::vector<const Track*> buyers, clients;
  const Track* kernel = nullptr;
  if (doc != nullptr) {
    for (const Track& t : doc->tracks()) {
      switch (t.id.lane) {
        case Lane::Buyer:
          buyers.push_back(&t);
          break;
        case Lane::Shopkeeper:
          if (kernel == nullptr) kernel = &t;
          break;
        case Lane::Factory:
          clients.push_back(&t);
          break;
      }
    }
  }
  // An empty run still shows the three lanes: the picture explains itself before any event.
  if (buyers.empty()) rows.push_back({RowKind::Buyer, run, 0, 0, 0, {}});
  for (const Track* t : buyers) rows.push_back({RowKind::Buyer, run, 0, 0, t->id.track, {t}});
  LaneRow shop{RowKind::Shopkeeper, run, 0, 0, 0, {}};
  if (kernel != nullptr) shop.tracks.push_back(kernel);
  rows.push_back(std::move(shop));
  if (clients.empty()) {
    rows.push_back({RowKind::Factory, run, 0, 0, 0, {}});
  } else if (static_cast<int>(clients.size()) > LaneLayout::kMaxFactoryRows) {
    rows.push_back({RowKind::FactoryGroup, run, 0, 0, 0, clients});
  } else {
    for (const Track* t : clients) rows.push_back({RowKind::Factory, run, 0, 0, t->id.track, {t}});
  }
}

}  // namespace

LaneLayout LaneLayout::build(const QList<TimelineRun>& runs, int available_height,
                             const TimelineMetrics& metrics) {
  LaneLayout layout;
  layout.metrics_ = metrics;
  const bool titled = runs.size() > 1;
  for (int r = 0; r < runs.size(); ++r) addRunRows(layout.rows_, r, runs[r].doc, titled);
  if (runs.isEmpty()) addRunRows(layout.rows_, 0, nullptr, false);

  int fixed = 0, flexible = 0;
  for (const LaneRow& row : layout.rows_)
    (row.kind == RowKind::Title ? fixed : flexible) += preferredHeight(row.kind, metrics);
  double scale = 1.0;
  if (flexible > 0 && available_height > 0) {
    scale = static_cast<double>(available_height - fixed) / flexible;
    // A race keeps every model on the screen (figure 6.6 needs all five), so its rows may give
    // up more height than a single run's before the lanes scroll.
    scale = std::clamp(scale, titled ? 0.6 : 0.85, 2.0);
  }
  int y = 0;
  for (LaneRow& row : layout.rows_) {
    row.y = y;
    const int pref = preferredHeight(row.kind, metrics);
    row.height = row.kind == RowKind::Title ? pref : static_cast<int>(std::floor(pref * scale));
    y += row.height;
  }
  layout.height_ = y;
  return layout;
}

const LaneRow* LaneLayout::rowAt(int y) const {
  auto it = std::upper_bound(rows_.begin(), rows_.end(), y,
                             [](int v, const LaneRow& row) { return v < row.y; });
  if (it == rows_.begin()) return nullptr;
  --it;
  return y < it->y + it->height ? &*it : nullptr;
}

const LaneRow* LaneLayout::rowFor(int run, Lane lane, std::uint16_t track) const {
  for (const LaneRow& row : rows_) {
    if (row.run != run) continue;
    switch (row.kind) {
      case RowKind::Buyer:
        if (lane == Lane::Buyer && !row.tracks.empty() && row.track == track) return &row;
        break;
      case RowKind::Shopkeeper:
        if (lane == Lane::Shopkeeper) return &row;
        break;
      case RowKind::Factory:
        if (lane == Lane::Factory && !row.tracks.empty() && row.track == track) return &row;
        break;
      case RowKind::FactoryGroup:
        if (lane == Lane::Factory) return &row;
        break;
      case RowKind::Title:
        break;
    }
  }
  return nullptr;
}

const LaneRow* LaneLayout::shopkeeperRow(int run) const {
  return rowFor(run, Lane::Shopkeeper, 0);
}

}  // namespace ioscope::ui
