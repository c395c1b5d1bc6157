#include "mqscope/capture/pcap_source.hpp"

#include <pcap/pcap.h>
#include <stdio_ext.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "mqscope/capture/pcap_file_reader.hpp"
#include "mqscope/capture/pcapng_reader.hpp"

#include "link_types.hpp"

namespace mqscope::capture {

using detail::to_dlt;
using detail::to_link_type;

namespace {

constexpr std::size_t kReadBufferBytes = 1 << 20;


bool is_pcapng_magic(const std::array<std::uint8_t, 4>& magic, std::size_t got) {
  return got == 4 && magic[0] == 0x0a && magic[1] == 0x0d && magic[2] == 0x0d && magic[3] == 0x0a;
}

// Standard input cannot be rewound after its first bytes were read to recognise the format:
// this stream gives those bytes again, then the rest of standard input, to libpcap.
struct PrefixedInput {
  std::array<std::uint8_t, 4> prefix{};
  std::size_t size = 0;
  std::size_t pos = 0;
  std::FILE* rest = nullptr;
  bool close_rest = false;  // a pipe opened by name; standard input stays open
};

ssize_t prefixed_read(void* cookie, char* buf, std::size_t n) {
  auto* in = static_cast<PrefixedInput*>(cookie);
  std::size_t done = 0;
  while (done < n && in->pos < in->size) buf[done++] = static_cast<char>(in->prefix[in->pos++]);
  if (done < n) done += std::fread(buf + done, 1, n - done, in->rest);
  return static_cast<ssize_t>(done);
}

int prefixed_close(void* cookie) {
  auto* in = static_cast<PrefixedInput*>(cookie);
  if (in->close_rest) std::fclose(in->rest);
  delete in;
  return 0;
}

std::FILE* prefixed_stream(const std::array<std::uint8_t, 4>& prefix, std::size_t size,
                           std::FILE* rest, bool close_rest) {
  auto* in = new PrefixedInput{prefix, size, 0, rest, close_rest};
  cookie_io_functions_t io{};
  io.read = prefixed_read;
  io.close = prefixed_close;
  std::FILE* f = fopencookie(in, "r", io);
  if (f == nullptr) delete in;
  return f;
}

bool is_regular_file(std::FILE* file) {
  struct stat status {};
  return ::fstat(::fileno(file), &status) == 0 && S_ISREG(status.st_mode);
}

// A regular classic pcap file that PcapFileReader reads as libpcap would. Its header is read
// with pread so that the stream has done nothing yet, and the stream is left unbuffered: the
// reader's own reads are large blocks, which stdio would only copy once more.
std::unique_ptr<PcapFileReader> open_file_reader(std::FILE* file) {
  if (!is_regular_file(file)) return nullptr;
  std::array<std::uint8_t, kPcapFileHeaderBytes> header{};
  if (::pread(::fileno(file), header.data(), header.size(), 0) !=
      static_cast<ssize_t>(header.size()))
    return nullptr;
  std::optional<PcapFileHeader> accepted = accept_pcap_header(header);
  if (!accepted || std::setvbuf(file, nullptr, _IONBF, 0) != 0 ||
      std::fseek(file, static_cast<long>(kPcapFileHeaderBytes), SEEK_SET) != 0)
    return nullptr;
  return std::make_unique<PcapFileReader>(file, *accepted);
}

// libpcap's handle for classic pcap input whose first `got` bytes, `magic`, have been read
// from `file` (closed on failure); null with the reason in `errbuf`.
pcap* open_with_libpcap(std::FILE* file, const std::string& path,
                        const std::array<std::uint8_t, 4>& magic, std::size_t got,
                        bool from_stdin, char* errbuf) {
  // A pipe given by name (/dev/fd/N, a FIFO, <(...)) cannot be opened again from its start
  // either: its first bytes are gone from it, like those of standard input.
  if (from_stdin || !is_regular_file(file)) {
    std::FILE* again = prefixed_stream(magic, got, file, !from_stdin);
    if (!again && !from_stdin) std::fclose(file);
    pcap* handle =
        again ? pcap_fopen_offline_with_tstamp_precision(again, PCAP_TSTAMP_PRECISION_NANO, errbuf)
              : nullptr;
    if (again && !handle) std::fclose(again);
    return handle;
  }
  if (std::fseek(file, 0, SEEK_SET) == 0) {
    // A regular file: libpcap reads it from the start through our large buffer.
    pcap* handle = pcap_fopen_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_NANO,
                                                            errbuf);
    if (!handle) std::fclose(file);
    return handle;
  }
  // Not seekable after all: libpcap opens it again by name.
  std::fclose(file);
  return pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, errbuf);
}

// libpcap's words for the two commonest mistakes do not say what they mean.
std::string describe_open_error(std::string_view libpcap_error) {
  if (libpcap_error.empty()) return "not a pcap or pcapng capture";
  // "truncated dump file; tried to read 4 file header bytes, only got 0"
  if (libpcap_error.find("file header bytes, only got 0") != std::string_view::npos)
    return "empty: not a pcap or pcapng capture";
  if (libpcap_error.starts_with("unknown file format"))
    return "not a pcap or pcapng capture (unknown file format)";
  return std::string(libpcap_error);
}

}  // namespace

std::unique_ptr<PcapSource> PcapSource::open_offline(const std::string& path, std::string& error,
                                                     const Limits& limits) {
  bool from_stdin = path == "-";
  std::unique_ptr<PcapSource> source(new PcapSource());
  std::FILE* file = from_stdin ? stdin : std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    // The caller names the file; the reason alone is said here.
    error = std::strerror(errno);
    return nullptr;
  }
  if (!from_stdin) {
    source->file_reader_ = open_file_reader(file);
    if (source->file_reader_) {
      source->reread_fd_ = ::fileno(file);
      return source;
    }
  }
  // Files are read in large blocks: stdio's 4 KiB reads made the system calls a tenth of a
  // decode-only run. (glibc ignores the size unless it is given the buffer.)
  if (!from_stdin) {
    source->read_buffer_ = std::make_unique_for_overwrite<char[]>(kReadBufferBytes);
    std::setvbuf(file, source->read_buffer_.get(), _IOFBF, kReadBufferBytes);
    // Only this reader uses the stream: libpcap's two freads per record need not take its
    // lock (a tenth of the reading's instructions).
    __fsetlocking(file, FSETLOCKING_BYCALLER);
  }
  std::array<std::uint8_t, 4> magic{};
  std::size_t got = std::fread(magic.data(), 1, magic.size(), file);
  if (is_pcapng_magic(magic, got)) {
    source->pcapng_ = std::make_unique<PcapngReader>(file, !from_stdin, limits.capture_block_bytes);
    if (!from_stdin && is_regular_file(file)) source->reread_fd_ = ::fileno(file);
    if (!source->pcapng_->open()) {
      error = source->pcapng_->problem();
      return nullptr;
    }
    return source;
  }
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  source->handle_ = open_with_libpcap(file, path, magic, got, from_stdin, errbuf);
  if (source->handle_ == nullptr) {
    error = describe_open_error(errbuf);
    return nullptr;
  }
  return source;
}

PcapSource::PcapSource(pcap* handle, bool nanoseconds)
    : handle_(handle), nanoseconds_(nanoseconds) {}

PcapSource::~PcapSource() {
  if (handle_) pcap_close(handle_);
}

const std::string& PcapSource::problem() const {
  if (file_reader_) return file_reader_->problem();
  return pcapng_ ? pcapng_->problem() : problem_;
}

std::optional<Frame> PcapSource::next() {
  Frame frame;
  ReadStatus status = ReadStatus::Idle;
  while (status == ReadStatus::Idle) status = read(frame);
  if (status != ReadStatus::Frame) return std::nullopt;
  return frame;
}

ReadStatus PcapSource::read(Frame& frame) {
  if (file_reader_) {
    switch (file_reader_->read(frame)) {
      case PcapFileReader::Result::Frame: return ReadStatus::Frame;
      case PcapFileReader::Result::End: return ReadStatus::End;
      case PcapFileReader::Result::Failed: return ReadStatus::Failed;
    }
  }
  if (pcapng_) {
    std::optional<Frame> next = pcapng_->next();
    if (!next) return pcapng_->problem().empty() ? ReadStatus::End : ReadStatus::Failed;
    frame = *next;
    // The reader counts its place in a pipe too; only a regular file can be read there again.
    if (reread_fd_ < 0) frame.file_offset = kNotInFile;
    return ReadStatus::Frame;
  }
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  int rc = pcap_next_ex(handle_, &header, &data);
  if (rc == 0) return ReadStatus::Idle;
  if (rc == PCAP_ERROR_BREAK) return pcap_file(handle_) ? ReadStatus::End : ReadStatus::Stopped;
  if (rc != 1) {
    problem_ = pcap_geterr(handle_);
    return ReadStatus::Failed;
  }
  frame.number = ++count_;
  auto fraction = static_cast<std::int64_t>(header->ts.tv_usec);
  frame.time = Timestamp{static_cast<std::int64_t>(header->ts.tv_sec),
                         nanoseconds_ ? fraction : fraction * 1000};
  frame.wire_length = header->len;
  frame.link_type = to_link_type(pcap_datalink(handle_));
  frame.data = Bytes(data, header->caplen);
  frame.file_offset = kNotInFile;  // libpcap does not say where its records are
  return ReadStatus::Frame;
}

bool PcapSource::read_again(std::uint64_t file_offset, std::span<std::uint8_t> out) const {
  if (reread_fd_ < 0 || file_offset == kNotInFile) return false;
  // pread leaves the stream's own position alone; a file cut short since is a failed read.
  ssize_t got = ::pread(reread_fd_, out.data(), out.size(), static_cast<off_t>(file_offset));
  return got == static_cast<ssize_t>(out.size());
}

int PcapSource::link_type() const {
  if (file_reader_) return file_reader_->link_type();
  if (pcapng_) return pcapng_->first_link_type();
  return to_link_type(pcap_datalink(handle_));
}

int PcapSource::snapshot_length() const {
  if (file_reader_) return static_cast<int>(file_reader_->snapshot_length());
  if (pcapng_) return static_cast<int>(pcapng_->first_snapshot_length());
  return pcap_snapshot(handle_);
}

std::uint64_t PcapSource::position() const {
  if (file_reader_) return file_reader_->position();
  if (pcapng_) return pcapng_->position();
  std::FILE* file = pcap_file(handle_);
  long at = file ? std::ftell(file) : -1;
  return at < 0 ? 0 : static_cast<std::uint64_t>(at);
}

std::string_view link_type_name(int link_type) {
  const char* name = pcap_datalink_val_to_name(to_dlt(link_type));
  return name ? name : "unknown";
}

}  // namespace mqscope::capture
