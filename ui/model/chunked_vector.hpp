// Append-mostly storage for the trace document: fixed chunks of 2^Bits elements, so growing never
// copies what is already stored, and capacity stays close to size (only the last chunk has
// slack, and trim() gives it back after each batch). Random access is one shift and one mask.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace ioscope::ui {

template <typename T, unsigned Bits = 14>
class ChunkedVector {
 public:
  static constexpr std::size_t kChunk = std::size_t{1} << Bits;

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  T& operator[](std::size_t i) { return chunks_[i >> Bits][i & (kChunk - 1)]; }
  const T& operator[](std::size_t i) const { return chunks_[i >> Bits][i & (kChunk - 1)]; }
  const T& back() const { return (*this)[size_ - 1]; }

  void push_back(const T& v) {
    const std::size_t k = size_ >> Bits;  // reserve_more may have added chunks ahead
    if (k == chunks_.size()) chunks_.emplace_back();
    auto& c = chunks_[k];
    if (c.size() == c.capacity())
      c.reserve(std::min(kChunk, std::max<std::size_t>(16, 2 * c.size())));
    c.push_back(v);
    ++size_;
  }

  // Makes room for n more without reallocating more than once per chunk.
  void reserve_more(std::size_t n) {
    for (std::size_t at = size_, want = n; want > 0;) {
      const std::size_t k = at >> Bits;
      if (k == chunks_.size()) chunks_.emplace_back();
      auto& c = chunks_[k];
      const std::size_t in_chunk = at & (kChunk - 1);  // == c.size() for the chunk being filled
      const std::size_t fits = std::min(want, kChunk - in_chunk);
      if (in_chunk + fits > c.capacity()) c.reserve(in_chunk + fits);
      at += fits;
      want -= fits;
    }
  }

  // Grows by one and moves the elements from pos on up by one: O(size - pos).
  void insert(std::size_t pos, const T& v) {
    push_back(v);
    for (std::size_t i = size_ - 1; i > pos; --i) (*this)[i] = (*this)[i - 1];
    (*this)[pos] = v;
  }

  // Appends n default elements (to be filled by the caller).
  void grow(std::size_t n) {
    reserve_more(n);
    for (std::size_t i = 0; i < n; ++i) push_back(T{});
  }

  // Gives the last chunk's slack back (full chunks have none).
  void trim() {
    while (!chunks_.empty() && chunks_.back().empty()) chunks_.pop_back();
    if (!chunks_.empty() && chunks_.back().capacity() > chunks_.back().size())
      chunks_.back().shrink_to_fit();
  }

  void clear() {
    chunks_.clear();
    chunks_.shrink_to_fit();
    size_ = 0;
  }

  // Heap bytes held: every chunk's capacity and the chunk table's.
  std::size_t capacity_bytes() const {
    std::size_t bytes = chunks_.capacity() * sizeof(std::vector<T>);
    for (const auto& c : chunks_) bytes += c.capacity() * sizeof(T);
    return bytes;
  }

 private:
  std::vector<std::vector<T>> chunks_;
  std::size_t size_ = 0;
};

// The first index in [lo, hi) where pred turns false (pred true, then false).
template <typename Pred>
std::size_t partition_index(std::size_t lo, std::size_t hi, Pred pred) {
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (pred(mid))
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

}  // namespace ioscope::ui
