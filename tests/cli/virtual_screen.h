// What a person would see on a terminal that a program's output went to:
// libvterm (Debian's libvterm-dev) interprets the bytes (cursor movement,
// erasing, attributes, UTF-8, wide and combining characters) into a grid of
// cells, which tests read back as text, a row at a time, and attributes.
// For tests of full-screen programs (tests/cli/terminal.h) and the
// keystroke-to-redraw benchmark (tests/bench/tui_latency.cc).
#ifndef KIJI_TESTS_CLI_VIRTUAL_SCREEN_H_
#define KIJI_TESTS_CLI_VIRTUAL_SCREEN_H_

#include <vterm.h>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kiji::testing {

class VirtualScreen {
 public:
  VirtualScreen(int rows, int cols) : rows_(rows), cols_(cols) {
    if (rows <= 0 || cols <= 0) throw std::invalid_argument("VirtualScreen: rows and cols must be positive");
    vt_ = vterm_new(rows, cols);
    if (vt_ == nullptr) throw std::runtime_error("vterm_new failed");
    vterm_set_utf8(vt_, 1);
    // What the terminal would answer to queries (cursor position, device
    // attributes) is kept for TakeReplies rather than left in libvterm's
    // fixed-size buffer.
    vterm_output_set_callback(vt_, &VirtualScreen::OnOutput, this);
    screen_ = vterm_obtain_screen(vt_);
    vterm_screen_enable_altscreen(screen_, 1);
    vterm_screen_reset(screen_, 1);
  }
  ~VirtualScreen() { vterm_free(vt_); }
  VirtualScreen(const VirtualScreen&) = delete;
  VirtualScreen& operator=(const VirtualScreen&) = delete;

  // Output of a program, in pieces of any size: an escape sequence or a
  // UTF-8 character split between two calls is put together.
  void Feed(std::string_view bytes) {
    if (!bytes.empty()) vterm_input_write(vt_, bytes.data(), bytes.size());
  }

  // Row r's text in UTF-8: a wide character once (its second column is not
  // a space), a combining mark after its base, trailing spaces trimmed.
  std::string Row(int r) const {
    std::string text;
    if (r < 0 || r >= rows_) return text;
    for (int c = 0; c < cols_;) {
      VTermScreenCell cell{};
      if (vterm_screen_get_cell(screen_, VTermPos{r, c}, &cell) == 0) break;
      if (cell.chars[0] == 0) text += ' ';  // a blank cell
      for (const std::uint32_t ch : cell.chars) {
        if (ch == 0) break;
        if (ch != kContinuation) AppendUtf8(text, ch);
      }
      c += cell.width > 0 ? cell.width : 1;
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text;
  }

  // Every row, joined with '\n': always rows() lines, blank ones included.
  std::string Text() const {
    std::string text;
    for (int r = 0; r < rows_; ++r) {
      if (r > 0) text += '\n';
      text += Row(r);
    }
    return text;
  }

  bool Reverse(int r, int c) const { return Cell(r, c).attrs.reverse != 0; }
  bool Bold(int r, int c) const { return Cell(r, c).attrs.bold != 0; }

  // Where the cursor is, 0-based.
  int cursor_row() const { return CursorPos().row; }
  int cursor_col() const { return CursorPos().col; }

  void Resize(int rows, int cols) {
    if (rows <= 0 || cols <= 0) throw std::invalid_argument("VirtualScreen: rows and cols must be positive");
    vterm_set_size(vt_, rows, cols);
    rows_ = rows;
    cols_ = cols;
  }

  int rows() const { return rows_; }
  int cols() const { return cols_; }

  // The terminal's answers to the queries seen since the last call, for the
  // program's input (a real terminal would send them).
  std::string TakeReplies() {
    std::string replies;
    replies.swap(replies_);
    return replies;
  }

 private:
  // The second column of a wide character holds this in libvterm.
  static constexpr std::uint32_t kContinuation = 0xFFFFFFFFU;

  static void OnOutput(const char* bytes, std::size_t length, void* user) {
    static_cast<VirtualScreen*>(user)->replies_.append(bytes, length);
  }

  static void AppendUtf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x110000) {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  VTermScreenCell Cell(int r, int c) const {
    VTermScreenCell cell{};
    if (r >= 0 && r < rows_ && c >= 0 && c < cols_) vterm_screen_get_cell(screen_, VTermPos{r, c}, &cell);
    return cell;
  }

  VTermPos CursorPos() const {
    VTermPos pos{0, 0};
    vterm_state_get_cursorpos(vterm_obtain_state(vt_), &pos);
    return pos;
  }

  VTerm* vt_ = nullptr;
  VTermScreen* screen_ = nullptr;
  int rows_;
  int cols_;
  std::string replies_;
};

}  // namespace kiji::testing

#endif  // KIJI_TESTS_CLI_VIRTUAL_SCREEN_H_
