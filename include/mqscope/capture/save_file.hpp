// Saving captured frames (tshark's -w) as pcap or pcapng, chosen by the file name, in one
// file or in a ring buffer of files (-b filesize:KB, -b files:N).
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>

#include "mqscope/capture/frame.hpp"

namespace mqscope::capture {

enum class FileFormat : std::uint8_t { Pcap, Pcapng };

// ".pcap", ".cap" and ".dmp" name classic pcap files; any other name (".pcapng", none) gets
// pcapng, tshark's default.
FileFormat format_for_path(std::string_view path);

struct SaveOptions {
  std::string path;                // empty = do not save
  std::uint64_t file_size_kb = 0;  // start the next file once one reaches this many kB
                                   // (1000 bytes, as tshark); 0 = a single file
  std::uint32_t max_files = 0;     // keep only the newest N files of the ring; 0 = keep all
};

// What the files say about where their frames came from.
struct SaveSource {
  std::string interface;  // recorded in pcapng (if_name)
  int link_type = 0;      // LINKTYPE_*
  std::uint32_t snapshot_length = 0;
  std::string application;  // the program that wrote them (pcapng shb_userappl)
};

// One open capture file of either format.
class RecordFile {
 public:
  virtual ~RecordFile() = default;
  virtual bool write(const Frame& frame) = 0;
  virtual bool flush() = 0;
  // Writes what is buffered and closes; false if any write failed.
  virtual bool close() = 0;
  virtual std::uint64_t bytes_written() const = 0;
};

// Creates `path` in `format`, its headers written. On failure returns null and sets `error`.
std::unique_ptr<RecordFile> create_record_file(const std::string& path, FileFormat format,
                                               const SaveSource& source, std::string& error);

// tshark's ring buffer name: "dir/name_00001_20261125143005.pcapng" for "dir/name.pcapng",
// file number 1, opened at that local time.
std::string ring_file_name(std::string_view path, std::uint32_t number, std::int64_t unix_time);

class SaveFile {
 public:
  // Opens the first file. On failure returns null and sets `error`.
  static std::unique_ptr<SaveFile> open(const SaveOptions& options, const SaveSource& source,
                                        std::string& error);
  ~SaveFile();
  SaveFile(const SaveFile&) = delete;
  SaveFile& operator=(const SaveFile&) = delete;

  // Writes one frame, first moving to the next file of the ring when the current one is full.
  // False (and `error()` set) when a file cannot be written or created.
  bool write(const Frame& frame);
  // Hands what is buffered to the system, so the files can be read while capturing.
  bool flush();
  // Closes the current file whole. False (and `error()` set) if anything failed.
  bool close();

  const std::string& error() const { return error_; }
  // The files still on disk, oldest first.
  const std::deque<std::string>& files() const { return files_; }

 private:
  SaveFile(const SaveOptions& options, const SaveSource& source)
      : options_(options), source_(source) {}
  bool open_next();
  bool rotating() const { return options_.file_size_kb != 0; }

  SaveOptions options_;
  SaveSource source_;
  std::unique_ptr<RecordFile> current_;
  std::uint32_t file_number_ = 0;
  std::deque<std::string> files_;
  std::string error_;
};

}  // namespace mqscope::capture
