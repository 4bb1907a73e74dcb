// vision::io: PNG (libpng) and JPEG (libjpeg-turbo) decoding and encoding to uint8 C x H x W.
// Both libraries report fatal errors through a callback that must not return: ours records the
// message and longjmps back to the setjmp in the one function that drives the library. Those
// functions keep only trivially destructible locals (state that must survive the jump lives in a
// Job struct owned by the caller), so the jump skips no destructor, and every libpng/libjpeg object
// is destroyed on both paths (clean under ASan).
#include "ember/vision/io.h"

#include <jpeglib.h>
#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <vector>

#include "ember/io/atomic_file.h"
#include "ember/ops/creation.h"

namespace ember::vision::io {
namespace {

constexpr size_t kMsgSize = 256;

void set_msg(char* dst, const char* src) { std::snprintf(dst, kMsgSize, "%s", src); }

// Decompression-bomb guard, as Pillow's: images above 2 x 89,478,485 pixels are refused (Pillow
// raises DecompressionBombError there). A small hostile header cannot make ember allocate and
// fill gigabytes.
constexpr uint64_t kMaxImagePixels = 2 * uint64_t{89478485};

// False (with `msg` set) when a width x height image is over the pixel limit, or when `deflated`
// bytes of PNG data cannot hold `decoded` bytes (deflate expands at most 1032:1).
bool image_size_ok(char* msg, const char* fn, uint64_t width, uint64_t height, uint64_t decoded,
                   uint64_t deflated) {
  if (width * height > kMaxImagePixels) {
    std::snprintf(msg, kMsgSize,
                  "%s: image size (%llu x %llu pixels) exceeds the limit of %llu pixels, "
                  "could be a decompression bomb",
                  fn, static_cast<unsigned long long>(width),
                  static_cast<unsigned long long>(height),
                  static_cast<unsigned long long>(kMaxImagePixels));
    return false;
  }
  if (deflated != 0 && decoded > 1032 * deflated + 65536) {
    std::snprintf(msg, kMsgSize,
                  "%s: a %llu x %llu image cannot be stored in %llu bytes; the file is corrupt", fn,
                  static_cast<unsigned long long>(width), static_cast<unsigned long long>(height),
                  static_cast<unsigned long long>(deflated));
    return false;
  }
  return true;
}

const uint8_t* bytes_of(const Tensor& data, const char* fn) {
  EMBER_CHECK(data.dtype() == kUInt8, "Expected a torch.uint8 tensor");
  EMBER_CHECK(data.dim() == 1 && data.numel() > 0, "Expected a non empty 1-dimensional tensor");
  (void)fn;
  return data.data_ptr<uint8_t>();
}

// Splits interleaved (H, W, C) pixels into C planes (one pass, C sequential write streams).
template <int C>
void deinterleave(const uint8_t* __restrict src, uint8_t* __restrict o, int64_t plane) {
  for (int64_t p = 0; p < plane; ++p) {
    for (int ch = 0; ch < C; ++ch) o[ch * plane + p] = src[p * C + ch];
  }
}

// RGB: three separate output streams; on AVX2 CPUs the compiler vectorizes it with byte shuffles.
#define EMBER_DEINTERLEAVE3_BODY         \
  uint8_t* __restrict r = o;             \
  uint8_t* __restrict g = o + plane;     \
  uint8_t* __restrict b = o + 2 * plane; \
  for (int64_t p = 0; p < plane; ++p) {  \
    r[p] = src[3 * p];                   \
    g[p] = src[3 * p + 1];               \
    b[p] = src[3 * p + 2];               \
  }

__attribute__((target("avx2"))) void deinterleave3_avx2(const uint8_t* __restrict src,
                                                        uint8_t* __restrict o, int64_t plane) {
  EMBER_DEINTERLEAVE3_BODY
}
void deinterleave3_generic(const uint8_t* __restrict src, uint8_t* __restrict o, int64_t plane) {
  EMBER_DEINTERLEAVE3_BODY
}
#undef EMBER_DEINTERLEAVE3_BODY

template <>
void deinterleave<3>(const uint8_t* __restrict src, uint8_t* __restrict o, int64_t plane) {
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2) {
    deinterleave3_avx2(src, o, plane);
  } else {
    deinterleave3_generic(src, o, plane);
  }
}

// (H, W, C) interleaved rows -> contiguous uint8 (C, H, W).
Tensor hwc_to_chw(const uint8_t* hwc, int64_t h, int64_t w, int64_t c) {
  Tensor out = empty({c, h, w}, kUInt8);
  uint8_t* o = out.data_ptr<uint8_t>();
  const int64_t plane = h * w;
  const uint8_t* src = hwc;
  switch (c) {
    case 1:
      if (plane > 0) std::memcpy(o, src, static_cast<size_t>(plane));
      break;
    case 2:
      deinterleave<2>(src, o, plane);
      break;
    case 3:
      deinterleave<3>(src, o, plane);
      break;
    case 4:
      deinterleave<4>(src, o, plane);
      break;
    default:
      for (int64_t p = 0; p < plane; ++p) {
        for (int64_t ch = 0; ch < c; ++ch) o[ch * plane + p] = src[p * c + ch];
      }
  }
  return out;
}

// ---------------------------------------------------------------------------------------- PNG

struct PngJob {
  const uint8_t* data = nullptr;
  size_t size = 0;
  size_t pos = 0;
  ImageReadMode mode = ImageReadMode::UNCHANGED;
  png_structp png = nullptr;
  png_infop info = nullptr;
  std::unique_ptr<uint8_t[]> pixels;  // (H, W, C), uninitialized until decoded
  int64_t height = 0, width = 0, channels = 0;
  char msg[kMsgSize] = {0};
};

[[noreturn]] void png_error_fn(png_structp png, png_const_charp msg) {
  auto* job = static_cast<PngJob*>(png_get_error_ptr(png));
  if (job->msg[0] == 0) set_msg(job->msg, msg);
  png_longjmp(png, 1);
}

void png_warning_fn(png_structp, png_const_charp) {}

void png_read_fn(png_structp png, png_bytep out, png_size_t n) {
  auto* job = static_cast<PngJob*>(png_get_io_ptr(png));
  if (job->size - job->pos < n) {
    set_msg(job->msg, "Out of bound read in decode_png. Probably, the input image is corrupted");
    png_error(png, "truncated");
  }
  std::memcpy(out, job->data + job->pos, n);
  job->pos += n;
}

// Sizes job->pixels; false (with job->msg set) when the allocation fails.
bool png_allocate(PngJob* job) {
  try {
    job->pixels.reset(new uint8_t[static_cast<size_t>(job->height * job->width * job->channels)]);
    return true;
  } catch (...) {
    set_msg(job->msg, "decode_png: not enough memory for the image");
    return false;
  }
}

// Drives libpng; on any error returns false with job->msg set. Only trivial locals here.
bool png_decode_impl(PngJob* job) {
  job->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, job, png_error_fn, png_warning_fn);
  if (job->png == nullptr) {
    set_msg(job->msg, "libpng read structure allocation failed!");
    return false;
  }
  job->info = png_create_info_struct(job->png);
  if (job->info == nullptr) {
    png_destroy_read_struct(&job->png, nullptr, nullptr);
    set_msg(job->msg, "libpng info structure allocation failed!");
    return false;
  }
  if (setjmp(png_jmpbuf(job->png)) != 0) {
    png_destroy_read_struct(&job->png, &job->info, nullptr);
    return false;
  }
  png_structp png = job->png;
  png_infop info = job->info;
  job->pos = 8;
  png_set_sig_bytes(png, 8);
  png_set_read_fn(png, job, png_read_fn);
  png_read_info(png, info);

  png_uint_32 width = 0, height = 0;
  int bit_depth = 0, color_type = 0, interlace = 0;
  if (png_get_IHDR(png, info, &width, &height, &bit_depth, &color_type, &interlace, nullptr,
                   nullptr) != 1) {
    set_msg(job->msg, "Could read image metadata from content.");
    png_error(png, "IHDR");
  }
  if (bit_depth > 8) {
    set_msg(job->msg, "At most 8-bit PNG images are supported currently.");
    png_error(png, "depth");
  }
  int channels = png_get_channels(png, info);
  if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
  // Palette indices of 1/2/4-bit images: one byte each (torchvision reads them packed).
  if (color_type == PNG_COLOR_TYPE_PALETTE && bit_depth < 8) png_set_packing(png);
  int passes = interlace == PNG_INTERLACE_ADAM7 ? png_set_interlace_handling(png) : 1;

  if (job->mode != ImageReadMode::UNCHANGED) {
    const bool is_palette = (color_type & PNG_COLOR_MASK_PALETTE) != 0;
    const bool has_color = (color_type & PNG_COLOR_MASK_COLOR) != 0;
    bool has_alpha = (color_type & PNG_COLOR_MASK_ALPHA) != 0;
    // torchvision assumes a palette always expands to RGBA; it only does with a tRNS chunk, so an
    // opaque palette image gets an explicit opaque alpha where an alpha channel is wanted.
    const bool palette_has_alpha = is_palette && png_get_valid(png, info, PNG_INFO_tRNS) != 0;
    switch (job->mode) {
      case ImageReadMode::GRAY:
        if (color_type != PNG_COLOR_TYPE_GRAY) {
          if (is_palette) {
            png_set_palette_to_rgb(png);
            has_alpha = true;
          }
          if (has_alpha) png_set_strip_alpha(png);
          if (has_color) png_set_rgb_to_gray(png, 1, 0.2989, 0.587);
          channels = 1;
        }
        break;
      case ImageReadMode::GRAY_ALPHA:
        if (color_type != PNG_COLOR_TYPE_GRAY_ALPHA) {
          if (is_palette) {
            png_set_palette_to_rgb(png);
            has_alpha = palette_has_alpha;
          }
          if (!has_alpha) png_set_add_alpha(png, (1u << bit_depth) - 1, PNG_FILLER_AFTER);
          if (has_color) png_set_rgb_to_gray(png, 1, 0.2989, 0.587);
          channels = 2;
        }
        break;
      case ImageReadMode::RGB:
        if (color_type != PNG_COLOR_TYPE_RGB) {
          if (is_palette) {
            png_set_palette_to_rgb(png);
            has_alpha = true;
          } else if (!has_color) {
            png_set_gray_to_rgb(png);
          }
          if (has_alpha) png_set_strip_alpha(png);
          channels = 3;
        }
        break;
      case ImageReadMode::RGB_ALPHA:
        if (color_type != PNG_COLOR_TYPE_RGB_ALPHA) {
          if (is_palette) {
            png_set_palette_to_rgb(png);
            has_alpha = palette_has_alpha;
          } else if (!has_color) {
            png_set_gray_to_rgb(png);
          }
          if (!has_alpha) png_set_add_alpha(png, (1u << bit_depth) - 1, PNG_FILLER_AFTER);
          channels = 4;
        }
        break;
      default:
        set_msg(job->msg, "The provided mode is not supported for PNG files");
        png_error(png, "mode");
    }
  }
  png_read_update_info(png, info);
  if (png_get_rowbytes(png, info) != static_cast<size_t>(width) * static_cast<size_t>(channels)) {
    set_msg(job->msg, "decode_png: unexpected row size after the color conversion");
    png_error(png, "rowbytes");
  }
  // Rows carry a filter byte each; all of it comes out of the deflate stream in the file.
  if (!image_size_ok(job->msg, "decode_png", width, height,
                     (uint64_t{width} * static_cast<uint64_t>(channels) + 1) * height, job->size)) {
    png_error(png, "size");
  }
  job->height = height;
  job->width = width;
  job->channels = channels;
  if (!png_allocate(job)) png_error(png, "alloc");
  const size_t row = static_cast<size_t>(width) * static_cast<size_t>(channels);
  // Interlaced passes fill a row a few pixels at a time: start from zeros.
  if (passes > 1) std::memset(job->pixels.get(), 0, row * height);
  for (int pass = 0; pass < passes; ++pass) {
    for (png_uint_32 y = 0; y < height; ++y)
      png_read_row(png, job->pixels.get() + y * row, nullptr);
  }
  png_destroy_read_struct(&job->png, &job->info, nullptr);
  return true;
}

// --------------------------------------------------------------------------------------- JPEG

struct JpegErrorMgr {
  jpeg_error_mgr pub;  // first member: libjpeg passes &pub as cinfo->err
  std::jmp_buf jump;
  char msg[kMsgSize];
};

[[noreturn]] void jpeg_error_exit_fn(j_common_ptr cinfo) {
  auto* err = reinterpret_cast<JpegErrorMgr*>(cinfo->err);
  if (err->msg[0] == 0) (*cinfo->err->format_message)(cinfo, err->msg);
  std::longjmp(err->jump, 1);
}

void jpeg_output_message_fn(j_common_ptr) {}  // warnings are not printed

void jpeg_src_noop(j_decompress_ptr) {}
boolean jpeg_src_fill(j_decompress_ptr cinfo) {
  // All bytes were handed over at once: asking for more means the file is truncated.
  auto* err = reinterpret_cast<JpegErrorMgr*>(cinfo->err);
  set_msg(err->msg, "Image is incomplete or truncated");
  std::longjmp(err->jump, 1);
}
void jpeg_src_skip(j_decompress_ptr cinfo, long n) {
  if (n <= 0) return;
  jpeg_source_mgr* src = cinfo->src;
  if (static_cast<size_t>(n) > src->bytes_in_buffer) jpeg_src_fill(cinfo);
  src->next_input_byte += n;
  src->bytes_in_buffer -= static_cast<size_t>(n);
}

struct JpegDecodeJob {
  const uint8_t* data = nullptr;
  size_t size = 0;
  ImageReadMode mode = ImageReadMode::UNCHANGED;
  jpeg_decompress_struct cinfo{};
  JpegErrorMgr err{};
  jpeg_source_mgr src{};
  bool created = false;
  std::unique_ptr<uint8_t[]> pixels;  // (H, W, C)
  int64_t height = 0, width = 0, channels = 0;
};

bool jpeg_allocate(JpegDecodeJob* job) {
  try {
    job->pixels.reset(new uint8_t[static_cast<size_t>(job->height * job->width * job->channels)]);
    return true;
  } catch (...) {
    set_msg(job->err.msg, "decode_jpeg: not enough memory for the image");
    return false;
  }
}

bool jpeg_decode_impl(JpegDecodeJob* job) {
  jpeg_decompress_struct* cinfo = &job->cinfo;
  cinfo->err = jpeg_std_error(&job->err.pub);
  job->err.pub.error_exit = jpeg_error_exit_fn;
  job->err.pub.output_message = jpeg_output_message_fn;
  job->err.msg[0] = 0;
  if (setjmp(job->err.jump) != 0) {
    if (job->created) jpeg_destroy_decompress(cinfo);
    job->created = false;
    return false;
  }
  jpeg_create_decompress(cinfo);
  job->created = true;
  job->src.next_input_byte = job->data;
  job->src.bytes_in_buffer = job->size;
  job->src.init_source = jpeg_src_noop;
  job->src.fill_input_buffer = jpeg_src_fill;
  job->src.skip_input_data = jpeg_src_skip;
  job->src.resync_to_restart = jpeg_resync_to_restart;
  job->src.term_source = jpeg_src_noop;
  cinfo->src = &job->src;
  jpeg_read_header(cinfo, TRUE);

  int channels = cinfo->num_components;
  switch (job->mode) {
    case ImageReadMode::UNCHANGED:
      break;
    case ImageReadMode::GRAY:
      if (cinfo->jpeg_color_space != JCS_GRAYSCALE) {
        cinfo->out_color_space = JCS_GRAYSCALE;
        channels = 1;
      }
      break;
    case ImageReadMode::RGB:
      if (cinfo->jpeg_color_space != JCS_RGB) {
        cinfo->out_color_space = JCS_RGB;
        channels = 3;
      }
      break;
    default:
      set_msg(job->err.msg, "The provided mode is not supported for JPEG files");
      std::longjmp(job->err.jump, 1);
  }
  jpeg_calc_output_dimensions(cinfo);
  // Before start_decompress: progressive files make libjpeg buffer the whole image there.
  if (!image_size_ok(job->err.msg, "decode_jpeg", cinfo->output_width, cinfo->output_height, 0,
                     0)) {
    std::longjmp(job->err.jump, 1);
  }
  jpeg_start_decompress(cinfo);
  if (cinfo->output_components != channels) {
    set_msg(job->err.msg, "decode_jpeg: unsupported JPEG color space");
    std::longjmp(job->err.jump, 1);
  }
  job->height = cinfo->output_height;
  job->width = cinfo->output_width;
  job->channels = channels;
  if (!jpeg_allocate(job)) std::longjmp(job->err.jump, 1);
  const size_t row = static_cast<size_t>(job->width * channels);
  while (cinfo->output_scanline < cinfo->output_height) {
    JSAMPROW ptr = job->pixels.get() + static_cast<size_t>(cinfo->output_scanline) * row;
    jpeg_read_scanlines(cinfo, &ptr, 1);
  }
  jpeg_finish_decompress(cinfo);
  jpeg_destroy_decompress(cinfo);
  job->created = false;
  return true;
}

struct JpegEncodeJob {
  const uint8_t* hwc = nullptr;  // (H, W, C) interleaved
  int64_t height = 0, width = 0, channels = 0;
  int quality = 75;
  jpeg_compress_struct cinfo{};
  JpegErrorMgr err{};
  bool created = false;
  unsigned char* out = nullptr;  // malloc'd by libjpeg's memory destination
  unsigned long out_size = 0;    // NOLINT: libjpeg's type
};

bool jpeg_encode_impl(JpegEncodeJob* job) {
  jpeg_compress_struct* cinfo = &job->cinfo;
  cinfo->err = jpeg_std_error(&job->err.pub);
  job->err.pub.error_exit = jpeg_error_exit_fn;
  job->err.pub.output_message = jpeg_output_message_fn;
  job->err.msg[0] = 0;
  if (setjmp(job->err.jump) != 0) {
    if (job->created) jpeg_destroy_compress(cinfo);
    job->created = false;
    return false;
  }
  jpeg_create_compress(cinfo);
  job->created = true;
  jpeg_mem_dest(cinfo, &job->out, &job->out_size);
  cinfo->image_width = static_cast<JDIMENSION>(job->width);
  cinfo->image_height = static_cast<JDIMENSION>(job->height);
  cinfo->input_components = static_cast<int>(job->channels);
  cinfo->in_color_space = job->channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(cinfo);
  jpeg_set_quality(cinfo, job->quality, TRUE);
  jpeg_start_compress(cinfo, TRUE);
  const size_t row = static_cast<size_t>(job->width * job->channels);
  while (cinfo->next_scanline < cinfo->image_height) {
    JSAMPROW ptr = const_cast<uint8_t*>(job->hwc) + static_cast<size_t>(cinfo->next_scanline) * row;
    jpeg_write_scanlines(cinfo, &ptr, 1);
  }
  jpeg_finish_compress(cinfo);
  jpeg_destroy_compress(cinfo);
  job->created = false;
  return true;
}

// ------------------------------------------------------------------------------- PNG encoding

struct PngEncodeJob {
  const uint8_t* hwc = nullptr;
  int64_t height = 0, width = 0, channels = 0;
  int level = 6;
  png_structp png = nullptr;
  png_infop info = nullptr;
  std::vector<uint8_t> out;
  char msg[kMsgSize] = {0};
};

[[noreturn]] void png_write_error_fn(png_structp png, png_const_charp msg) {
  auto* job = static_cast<PngEncodeJob*>(png_get_error_ptr(png));
  if (job->msg[0] == 0) set_msg(job->msg, msg);
  png_longjmp(png, 1);
}

void png_write_fn(png_structp png, png_bytep data, png_size_t n) {
  auto* job = static_cast<PngEncodeJob*>(png_get_io_ptr(png));
  try {
    job->out.insert(job->out.end(), data, data + n);
  } catch (...) {
    set_msg(job->msg, "encode_png: not enough memory");
    png_error(png, "alloc");
  }
}
void png_flush_fn(png_structp) {}

bool png_encode_impl(PngEncodeJob* job) {
  job->png =
      png_create_write_struct(PNG_LIBPNG_VER_STRING, job, png_write_error_fn, png_warning_fn);
  if (job->png == nullptr) {
    set_msg(job->msg, "libpng write structure allocation failed!");
    return false;
  }
  job->info = png_create_info_struct(job->png);
  if (job->info == nullptr) {
    png_destroy_write_struct(&job->png, nullptr);
    set_msg(job->msg, "libpng info structure allocation failed!");
    return false;
  }
  if (setjmp(png_jmpbuf(job->png)) != 0) {
    png_destroy_write_struct(&job->png, &job->info);
    return false;
  }
  png_set_write_fn(job->png, job, png_write_fn, png_flush_fn);
  png_set_IHDR(job->png, job->info, static_cast<png_uint_32>(job->width),
               static_cast<png_uint_32>(job->height), 8,
               job->channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level(job->png, job->level);
  png_write_info(job->png, job->info);
  const size_t row = static_cast<size_t>(job->width * job->channels);
  for (int64_t y = 0; y < job->height; ++y) {
    png_write_row(job->png, const_cast<uint8_t*>(job->hwc) + static_cast<size_t>(y) * row);
  }
  png_write_end(job->png, job->info);
  png_destroy_write_struct(&job->png, &job->info);
  return true;
}

// Checks an image for encoding and returns it as contiguous (H, W, C) bytes.
Tensor encode_input_hwc(const Tensor& img) {
  EMBER_CHECK(img.dtype() == kUInt8, "Input tensor dtype should be uint8");
  EMBER_CHECK(img.dim() == 3, "Input data should be a 3-dimensional tensor");
  const int64_t c = img.size(0);
  EMBER_CHECK(c == 1 || c == 3, "The number of channels should be 1 or 3, got: ", c);
  EMBER_CHECK(img.size(1) > 0 && img.size(2) > 0, "Input image should not be empty");
  // Interleave the planes by hand (one pass; a generic permuted copy is much slower).
  Tensor chw = img.contiguous();
  const int64_t h = chw.size(1), w = chw.size(2), plane = h * w;
  Tensor hwc = empty({h, w, c}, kUInt8);
  const uint8_t* s = chw.data_ptr<uint8_t>();
  uint8_t* o = hwc.data_ptr<uint8_t>();
  for (int64_t p = 0; p < plane; ++p) {
    for (int64_t ch = 0; ch < c; ++ch) o[p * c + ch] = s[ch * plane + p];
  }
  return hwc;
}

Tensor bytes_to_tensor(const uint8_t* p, size_t n) {
  Tensor t = empty({static_cast<int64_t>(n)}, kUInt8);
  if (n > 0) std::memcpy(t.data_ptr<uint8_t>(), p, n);
  return t;
}

}  // namespace

Tensor read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  EMBER_CHECK(f.good(), "[Errno 2] No such file or directory: '", path, "'");
  const std::streamoff n = f.tellg();
  EMBER_CHECK(n >= 0, "read_file: cannot read '", path, "'");
  f.seekg(0);
  Tensor t = empty({static_cast<int64_t>(n)}, kUInt8);
  if (n > 0) {
    f.read(reinterpret_cast<char*>(t.data_ptr<uint8_t>()), static_cast<std::streamsize>(n));
    EMBER_CHECK(f.good(), "read_file: cannot read '", path, "'");
  }
  return t;
}

void write_file(const std::string& path, const Tensor& data) {
  EMBER_CHECK(data.dtype() == kUInt8 && data.dim() == 1,
              "write_file: expected a 1-dimensional uint8 tensor");
  Tensor c = data.contiguous();
  ember::io::AtomicFile f(path);  // readers see the old file or the whole new one
  if (c.numel() > 0) f.write(c.data_ptr<uint8_t>(), static_cast<size_t>(c.numel()));
  f.commit();
}

Tensor decode_png(const Tensor& data, ImageReadMode mode) {
  Tensor bytes = data.defined() ? data.contiguous() : data;
  EMBER_CHECK(bytes.defined(), "Expected a torch.uint8 tensor");
  const uint8_t* p = bytes_of(bytes, "decode_png");
  const size_t n = static_cast<size_t>(bytes.numel());
  EMBER_CHECK(n >= 8, "Content is too small for png!");
  EMBER_CHECK(png_sig_cmp(p, 0, 8) == 0, "Content is not png!");
  PngJob job;
  job.data = p;
  job.size = n;
  job.mode = mode;
  if (!png_decode_impl(&job)) EMBER_ERROR(job.msg);
  return hwc_to_chw(job.pixels.get(), job.height, job.width, job.channels);
}

Tensor decode_jpeg(const Tensor& data, ImageReadMode mode) {
  Tensor bytes = data.defined() ? data.contiguous() : data;
  EMBER_CHECK(bytes.defined(), "Expected a torch.uint8 tensor");
  const uint8_t* p = bytes_of(bytes, "decode_jpeg");
  JpegDecodeJob job;
  job.data = p;
  job.size = static_cast<size_t>(bytes.numel());
  job.mode = mode;
  if (!jpeg_decode_impl(&job)) EMBER_ERROR(job.err.msg);
  return hwc_to_chw(job.pixels.get(), job.height, job.width, job.channels);
}

Tensor decode_image(const Tensor& data, ImageReadMode mode) {
  EMBER_CHECK(data.defined() && data.dtype() == kUInt8, "Expected a torch.uint8 tensor");
  EMBER_CHECK(data.dim() == 1 && data.numel() > 0, "Expected a non empty 1-dimensional tensor");
  Tensor bytes = data.contiguous();
  const uint8_t* p = bytes.data_ptr<uint8_t>();
  const int64_t n = bytes.numel();
  if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) return decode_jpeg(bytes, mode);
  if (n >= 4 && p[0] == 0x89 && p[1] == 'P' && p[2] == 'N' && p[3] == 'G')
    return decode_png(bytes, mode);
  EMBER_ERROR("Unsupported image file. Only jpeg and png are currently supported.");
}

Tensor read_image(const std::string& path, ImageReadMode mode) {
  Tensor bytes = read_file(path);
  EMBER_CHECK(bytes.numel() > 0, "Expected a non empty file: '", path, "'");
  try {
    return decode_image(bytes, mode);
  } catch (const Error& e) {
    EMBER_ERROR(e.what(), " (in file '", path, "')");
  }
}

Tensor encode_png(const Tensor& img, int64_t compression_level) {
  EMBER_CHECK(img.defined(), "Input tensor dtype should be uint8");
  EMBER_CHECK(compression_level >= 0 && compression_level <= 9,
              "Compression level should be between 0 and 9");
  Tensor hwc = encode_input_hwc(img);
  PngEncodeJob job;
  job.hwc = hwc.data_ptr<uint8_t>();
  job.height = hwc.size(0);
  job.width = hwc.size(1);
  job.channels = hwc.size(2);
  job.level = static_cast<int>(compression_level);
  if (!png_encode_impl(&job)) EMBER_ERROR("encode_png: ", job.msg);
  return bytes_to_tensor(job.out.data(), job.out.size());
}

Tensor encode_jpeg(const Tensor& img, int64_t quality) {
  EMBER_CHECK(img.defined(), "Input tensor dtype should be uint8");
  EMBER_CHECK(quality >= 1 && quality <= 100,
              "Image quality should be a positive number between 1 and 100");
  Tensor hwc = encode_input_hwc(img);
  JpegEncodeJob job;
  job.hwc = hwc.data_ptr<uint8_t>();
  job.height = hwc.size(0);
  job.width = hwc.size(1);
  job.channels = hwc.size(2);
  job.quality = static_cast<int>(quality);
  const bool ok = jpeg_encode_impl(&job);
  std::unique_ptr<unsigned char, void (*)(void*)> owned(job.out, std::free);
  if (!ok) EMBER_ERROR("encode_jpeg: ", job.err.msg);
  return bytes_to_tensor(job.out, job.out_size);
}

void write_png(const Tensor& img, const std::string& path, int64_t compression_level) {
  write_file(path, encode_png(img, compression_level));
}

void write_jpeg(const Tensor& img, const std::string& path, int64_t quality) {
  write_file(path, encode_jpeg(img, quality));
}

}  // namespace ember::vision::io
