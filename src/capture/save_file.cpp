#include "mqscope/capture/save_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include <fmt/format.h>

namespace mqscope::capture {

namespace {

// The extension of the last path component, with its dot ("" when there is none).
std::size_t extension_start(std::string_view path) {
  std::size_t slash = path.rfind('/');
  std::size_t name = slash == std::string_view::npos ? 0 : slash + 1;
  std::size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || dot <= name) return path.size();
  return dot;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

}  // namespace

FileFormat format_for_path(std::string_view path) {
  std::string ext = lower(path.substr(extension_start(path)));
  if (ext == ".pcap" || ext == ".cap" || ext == ".dmp") return FileFormat::Pcap;
  return FileFormat::Pcapng;
}

std::string ring_file_name(std::string_view path, std::uint32_t number, std::int64_t unix_time) {
  std::size_t ext = extension_start(path);
  auto seconds = static_cast<std::time_t>(unix_time);
  std::tm local{};
  localtime_r(&seconds, &local);
  char stamp[32] = {};
  std::strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &local);
  return fmt::format("{}_{:05}_{}{}", path.substr(0, ext), number, stamp, path.substr(ext));
}

std::unique_ptr<SaveFile> SaveFile::open(const SaveOptions& options, const SaveSource& source,
                                         std::string& error) {
  std::unique_ptr<SaveFile> save(new SaveFile(options, source));
  if (!save->open_next()) {
    error = save->error_;
    return nullptr;
  }
  return save;
}

SaveFile::~SaveFile() {
  close();
}

bool SaveFile::open_next() {
  if (current_ && !current_->close()) {
    error_ = fmt::format("{}: could not be written whole", files_.back());
    current_.reset();
    return false;
  }
  current_.reset();
  std::string path = options_.path;
  if (rotating()) {
    // tshark numbers ring files from 1 and wraps after 99999.
    file_number_ = file_number_ % 99999 + 1;
    path =
        ring_file_name(options_.path, file_number_, static_cast<std::int64_t>(std::time(nullptr)));
  }
  current_ = create_record_file(path, format_for_path(options_.path), source_, error_);
  if (!current_) return false;
  files_.push_back(path);
  while (options_.max_files != 0 && files_.size() > options_.max_files) {
    if (std::remove(files_.front().c_str()) != 0 && errno != ENOENT) {
      error_ = fmt::format("{}: cannot remove the oldest file of the ring: {}", files_.front(),
                           std::strerror(errno));
      return false;
    }
    files_.pop_front();
  }
  return true;
}

bool SaveFile::write(const Frame& frame) {
  if (!current_) return false;
  if (rotating() && current_->bytes_written() >= options_.file_size_kb * 1000 && !open_next())
    return false;
  if (!current_->write(frame)) {
    error_ = fmt::format("{}: write failed: {}", files_.back(), std::strerror(errno));
    return false;
  }
  return true;
}

bool SaveFile::flush() {
  if (!current_ || current_->flush()) return true;
  error_ = fmt::format("{}: write failed: {}", files_.back(), std::strerror(errno));
  return false;
}

bool SaveFile::close() {
  if (!current_) return error_.empty();
  bool ok = current_->close();
  current_.reset();
  if (!ok) error_ = fmt::format("{}: could not be written whole", files_.back());
  return ok;
}

}  // namespace mqscope::capture
