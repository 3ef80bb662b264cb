// A bump allocator for bytes that must outlive the buffer they came from
// (decoded JSON strings, flattened arrays). Memory is freed all at once by
// Reset() or the destructor. Not thread-safe.
#pragma once

#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace waggle::core {

class Arena {
 public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  Arena(Arena&&) = default;
  Arena& operator=(Arena&&) = default;

  // Returns `n` writable bytes that stay valid until Reset().
  char* Allocate(size_t n) {
    if (n > static_cast<size_t>(end_ - next_)) NewBlock(n);
    char* p = next_;
    next_ += n;
    return p;
  }
  // Copies `s` into the arena and returns a view of the copy.
  std::string_view Copy(std::string_view s) {
    if (s.empty()) return {};
    char* p = Allocate(s.size());
    std::memcpy(p, s.data(), s.size());
    return {p, s.size()};
  }
  // Frees every block except the first, for reuse.
  void Reset() {
    if (blocks_.empty()) return;
    blocks_.erase(blocks_.begin() + 1, blocks_.end());
    block_sizes_.erase(block_sizes_.begin() + 1, block_sizes_.end());
    next_ = blocks_[0].get();
    end_ = next_ + block_sizes_[0];
  }
  // Bytes held by the arena's blocks.
  size_t capacity() const {
    size_t total = 0;
    for (size_t s : block_sizes_) total += s;
    return total;
  }

 private:
  void NewBlock(size_t min_size) {
    size_t size = min_size > kBlockSize / 4 ? min_size : kBlockSize;
    blocks_.push_back(std::make_unique<char[]>(size));
    block_sizes_.push_back(size);
    next_ = blocks_.back().get();
    end_ = next_ + size;
  }
  static constexpr size_t kBlockSize = 64 * 1024;
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::vector<size_t> block_sizes_;
  char* next_ = nullptr;
  char* end_ = nullptr;
};

}  // namespace waggle::core
