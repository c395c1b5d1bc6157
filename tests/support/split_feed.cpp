#include "split_feed.hpp"

namespace mqscope::test {

std::vector<std::pair<std::string, Chunks>> chunkings(const ByteVector& input) {
  std::vector<std::pair<std::string, Chunks>> out;
  Bytes all(input);
  out.push_back({"whole", {all}});
  for (std::size_t cut = 1; cut < input.size(); ++cut)
    out.push_back({"split at " + std::to_string(cut), {all.first(cut), all.subspan(cut)}});
  Chunks bytes;
  for (std::size_t i = 0; i < input.size(); ++i) bytes.push_back(all.subspan(i, 1));
  out.push_back({"byte by byte", bytes});
  return out;
}

std::string check_split_invariance(const ByteVector& input,
                                   const std::function<std::string(const Chunks&)>& feed) {
  auto all = chunkings(input);
  std::string expected = feed(all.front().second);
  for (const auto& [label, chunks] : all) {
    std::string got = feed(chunks);
    if (got != expected)
      return label + ":\n--- whole input gave ---\n" + expected + "--- this chunking gave ---\n" + got;
  }
  return {};
}

}  // namespace mqscope::test
