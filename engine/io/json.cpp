#include "engine/io/json.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace pretext::engine::json {

const char *Value::typeName(Type t)
{
    switch (t) {
    case Type::Null: return "null";
    case Type::Bool: return "boolean";
    case Type::Number: return "number";
    case Type::String: return "string";
    case Type::Array: return "array";
    case Type::Object: return "object";
    }
    return "?";
}

static std::string withArticle(Value::Type t)
{
    const bool vowel = t == Value::Type::Array || t == Value::Type::Object;
    return std::string(vowel ? "an " : "a ") + Value::typeName(t);
}

static std::runtime_error typeError(Value::Type want, Value::Type got)
{
    return std::runtime_error("expected " + withArticle(want) + ", found " + withArticle(got));
}

namespace {

constexpr double kTwo63 = 9223372036854775808.0; // 2^63: int64 holds [-2^63, 2^63)

// Shortest text that reads back as the same double; integral values below 1e15 without an exponent ("600").
// to_chars writes what printf writes in the "C" locale, whatever LC_NUMERIC says (a German desktop's would
// make 0.0003 "0,0003" in config.json).
std::string doubleText(double d)
{
    char buf[32];
    if (d == std::floor(d) && std::fabs(d) < 1e15)
        return std::string(buf, std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed, 0).ptr);
    char *end = buf;
    for (int prec = 6; prec <= 17; ++prec) { // shortest form that reads back exactly
        end = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::general, prec).ptr;
        double back = 0;
        std::from_chars(buf, end, back);
        if (back == d) break;
    }
    return std::string(buf, end);
}

} // namespace

Value::Value(double d) : m_type(Type::Number), m_number(d)
{
    // NaN fails both comparisons; every double in [-2^63, 2^63) that is integral converts exactly.
    if (d >= -kTwo63 && d < kTwo63 && d == std::floor(d)) {
        m_integer = static_cast<int64_t>(d);
        m_isInteger = true;
    }
}

Value::Value(uint64_t i) : m_type(Type::Number), m_number(static_cast<double>(i))
{
    if (i <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        m_integer = static_cast<int64_t>(i);
        m_isInteger = true;
    } else {
        m_string = std::to_string(i);
    }
}

bool Value::asBool() const
{
    if (m_type != Type::Bool) throw typeError(Type::Bool, m_type);
    return m_bool;
}
double Value::asNumber() const
{
    if (m_type != Type::Number) throw typeError(Type::Number, m_type);
    return m_number;
}
int64_t Value::asInt64() const
{
    if (m_type != Type::Number) throw std::runtime_error("expected an integer, found " + withArticle(m_type));
    if (!m_isInteger)
        throw std::runtime_error("expected an integer, found " + (m_string.empty() ? doubleText(m_number) : m_string));
    return m_integer;
}

const std::string &Value::numberText() const
{
    static const std::string none;
    return m_type == Type::Number ? m_string : none;
}

const std::string &Value::asString() const
{
    if (m_type != Type::String) throw typeError(Type::String, m_type);
    return m_string;
}
const Value::Array &Value::asArray() const
{
    if (m_type != Type::Array) throw typeError(Type::Array, m_type);
    return *m_array;
}
Value::Array &Value::asArray()
{
    if (m_type != Type::Array) throw typeError(Type::Array, m_type);
    detach();
    return *m_array;
}
const Value::Object &Value::asObject() const
{
    if (m_type != Type::Object) throw typeError(Type::Object, m_type);
    return *m_object;
}
Value::Object &Value::asObject()
{
    if (m_type != Type::Object) throw typeError(Type::Object, m_type);
    detach();
    return *m_object;
}

// Copies share storage until one of them is modified.
void Value::detach()
{
    if (m_array && m_array.use_count() > 1) m_array = std::make_shared<Array>(*m_array);
    if (m_object && m_object.use_count() > 1) m_object = std::make_shared<Object>(*m_object);
}

const Value *Value::find(std::string_view key) const
{
    if (m_type != Type::Object) return nullptr;
    for (const auto &kv : *m_object)
        if (kv.first == key) return &kv.second;
    return nullptr;
}

Value &Value::operator[](std::string_view key)
{
    if (m_type == Type::Null) *this = object();
    auto &obj = asObject();
    for (auto &kv : obj)
        if (kv.first == key) return kv.second;
    obj.emplace_back(std::string(key), Value());
    return obj.back().second;
}

void Value::push_back(Value v)
{
    if (m_type == Type::Null) *this = array();
    asArray().push_back(std::move(v));
}

size_t Value::size() const
{
    if (m_type == Type::Array) return m_array->size();
    if (m_type == Type::Object) return m_object->size();
    return 0;
}

namespace {

// ---- parsing: nlohmann/json's SAX parser builds Values ----

// Feeds nlohmann's lexer one byte at a time and records how far it has read, so that events (a duplicate key, too
// deep a nesting) can be placed in the text. Its errors come with their own offset.
class CountingIterator {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char *;
    using reference = const char &;

    CountingIterator(const char *p, const char **cursor) : m_p(p), m_cursor(cursor) {}
    reference operator*() const { return *m_p; }
    CountingIterator &operator++()
    {
        *m_cursor = ++m_p;
        return *this;
    }
    CountingIterator operator++(int)
    {
        CountingIterator before = *this;
        ++*this;
        return before;
    }
    bool operator==(const CountingIterator &o) const { return m_p == o.m_p; }
    bool operator!=(const CountingIterator &o) const { return m_p != o.m_p; }

private:
    const char *m_p;
    const char **m_cursor;
};

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool isLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isNumberChar(char c) { return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'; }

// The integer a number literal with a fraction or an exponent denotes, when it denotes one that int64 holds
// ("1e3" -> 1000, "2.50e1" -> 25, "9007199254740993e0" exactly); nullopt otherwise ("2.5", "1e30").
std::optional<int64_t> literalInteger(std::string_view lit)
{
    const bool negative = !lit.empty() && lit[0] == '-';
    std::string digits;
    long long exponent = 0;
    size_t i = negative ? 1 : 0;
    bool fraction = false;
    for (; i < lit.size() && lit[i] != 'e' && lit[i] != 'E'; ++i) {
        if (lit[i] == '.') {
            fraction = true;
            continue;
        }
        digits += lit[i];
        if (fraction) --exponent;
    }
    if (i < lit.size()) {
        size_t e = i + 1;
        if (e < lit.size() && lit[e] == '+') ++e;
        long long written = 0;
        const auto [end, error] = std::from_chars(lit.data() + e, lit.data() + lit.size(), written);
        if (error != std::errc() || end != lit.data() + lit.size()) { // an exponent past long long
            if (digits.find_first_not_of('0') == std::string::npos) return 0;
            return std::nullopt;
        }
        exponent += written;
    }
    const size_t first = digits.find_first_not_of('0');
    if (first == std::string::npos) return 0;
    digits.erase(0, first);
    while (digits.back() == '0') {
        digits.pop_back();
        ++exponent;
    }
    if (exponent < 0 || static_cast<long long>(digits.size()) + exponent > 19) return std::nullopt;
    digits.append(static_cast<size_t>(exponent), '0');
    uint64_t magnitude = 0;
    if (std::from_chars(digits.data(), digits.data() + digits.size(), magnitude).ec != std::errc()) return std::nullopt;
    const uint64_t limit = static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + (negative ? 1 : 0);
    if (magnitude > limit) return std::nullopt;
    return negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
}

} // namespace

// Receives nlohmann's SAX events and builds the Value tree; on an error keeps the byte offset and our wording.
class Builder {
public:
    using Json = nlohmann::json;

    Builder(std::string_view text, const char **cursor) : m_text(text), m_cursor(cursor) {}

    bool null() { return add(Value()); }
    bool boolean(bool b) { return add(Value(b)); }
    bool number_integer(Json::number_integer_t i) { return add(Value(static_cast<int64_t>(i))); }
    bool number_unsigned(Json::number_unsigned_t u) { return add(Value(static_cast<uint64_t>(u))); }
    bool number_float(Json::number_float_t /* the lexer's strtod */, const Json::string_t &token)
    {
        // The lexer writes the locale's decimal point into the token; the text had '.'.
        std::string literal = token;
        for (char &c : literal)
            if (!isNumberChar(c)) c = '.';
        // from_chars, not the lexer's strtod: the same double whatever LC_NUMERIC says, as the writer's to_chars.
        double d = 0;
        const auto [end, error] = std::from_chars(literal.data(), literal.data() + literal.size(), d);
        if (error != std::errc() || end != literal.data() + literal.size()) {
            // Past the doubles (1e-400: the lexer's strtod makes it 0; 1e400 it refuses itself). The token ends where
            // the lexer stopped reading, or one character before (it reads one past a number).
            size_t at = position();
            if (at >= literal.size() && m_text.substr(at - literal.size(), literal.size()) != literal) --at;
            return fail(at >= literal.size() ? at - literal.size() : 0, "number out of range");
        }
        Value v(d);
        v.m_isInteger = false;
        if (const auto exact = literalInteger(literal)) {
            v.m_integer = *exact;
            v.m_isInteger = true;
        }
        v.m_string = std::move(literal);
        return add(std::move(v));
    }
    bool string(Json::string_t &s) { return add(Value(std::move(s))); }
    bool binary(Json::binary_t &) { return fail(position(), "unexpected binary value"); } // not from JSON text

    bool start_object(std::size_t) { return open(Value::object()); }
    bool start_array(std::size_t) { return open(Value::array()); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(Json::string_t &k)
    {
        Frame &top = m_stack.back();
        for (const auto &kv : *top.value.m_object) {
            if (kv.first != k) continue;
            // As the hand-written parser did: the duplicate is reported at its value, once the ':' is there (without
            // one, nlohmann reports the missing ':').
            size_t at = position();
            while (at < m_text.size() && isSpace(m_text[at])) ++at;
            if (at >= m_text.size() || m_text[at] != ':') break;
            ++at;
            while (at < m_text.size() && isSpace(m_text[at])) ++at;
            return fail(at, "duplicate key \"" + k + "\"");
        }
        top.key = std::move(k);
        m_lastKey = top.key;
        return true;
    }

    bool parse_error(std::size_t offset, const std::string &, const nlohmann::detail::exception &e)
    {
        translate(offset, e.what());
        return false;
    }

    bool failed() const { return m_failed; }
    size_t errorOffset() const { return m_errorOffset; }
    const std::string &errorMessage() const { return m_error; }
    Value takeRoot() { return std::move(m_root); }
    // Just past the top-level value (once parsed): where text after it begins, spaces aside.
    size_t rootEnd() const
    {
        size_t at = m_rootEnd;
        while (at < m_text.size() && isSpace(m_text[at])) ++at;
        return at;
    }

private:
    struct Frame {
        Value value;
        std::string key; // objects: the key of the member being read
    };

    size_t position() const { return static_cast<size_t>(*m_cursor - m_text.data()); }

    bool fail(size_t offset, std::string what)
    {
        m_failed = true;
        m_errorOffset = offset;
        m_error = std::move(what);
        return false;
    }

    bool add(Value v)
    {
        if (m_stack.empty()) {
            // Where the value ends; the lexer has read one character past a number.
            m_rootEnd = position();
            if (v.isNumber())
                while (m_rootEnd > 0 && !isNumberChar(m_text[m_rootEnd - 1])) --m_rootEnd;
            m_root = std::move(v);
            return true;
        }
        Frame &top = m_stack.back();
        if (top.value.m_type == Value::Type::Array) top.value.m_array->push_back(std::move(v));
        else top.value.m_object->emplace_back(std::move(top.key), std::move(v));
        return true;
    }

    bool open(Value container)
    {
        // Deeper documents are refused rather than risk the stack when the tree is destroyed.
        if (m_stack.size() >= kMaxDepth) return fail(position() - 1, "nesting deeper than 256 levels");
        m_stack.push_back({std::move(container), {}});
        return true;
    }

    bool close()
    {
        Value done = std::move(m_stack.back().value);
        m_stack.pop_back();
        return add(std::move(done));
    }

    // Where the token that ends before `end` begins: the lexer reports the offset after the offending token.
    size_t tokenStart(size_t end, const std::string &token) const
    {
        if (end == 0) return 0;
        if (token == "true literal") return end >= 4 ? end - 4 : 0;
        if (token == "false literal") return end >= 5 ? end - 5 : 0;
        if (token == "null literal") return end >= 4 ? end - 4 : 0;
        if (token == "string literal") {
            // The opening quote: the first quote before the closing one that no backslash escapes.
            for (size_t i = std::min(end, m_text.size() + 1) - 1; i-- > 0;) {
                if (m_text[i] != '"') continue;
                size_t backslashes = 0;
                while (i > backslashes && m_text[i - 1 - backslashes] == '\\') ++backslashes;
                if (backslashes % 2 == 0) return i;
            }
            return end - 1;
        }
        if (token == "number literal") {
            // nlohmann counts the end of the input as one more byte: never read past the text.
            size_t i = std::min(end, m_text.size());
            while (i > 0 && isNumberChar(m_text[i - 1])) --i;
            return i;
        }
        return end - 1; // one character: a bracket, ':', ',' or the end of the input
    }

    // The lexer stops at the byte that breaks a UTF-8 sequence; the sequence begins at its lead byte.
    size_t utf8SequenceStart(size_t bad) const
    {
        const auto byte = [&](size_t i) { return static_cast<unsigned char>(m_text[i]); };
        size_t lead = bad;
        while (lead > 0 && bad - lead < 3 && lead - 1 < m_text.size() && (byte(lead - 1) & 0xC0) == 0x80) --lead;
        if (lead == 0 || lead - 1 >= m_text.size()) return bad;
        --lead;
        const unsigned char b = byte(lead);
        const size_t length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return lead + length > bad ? lead : bad;
    }

    std::string describeByte(size_t at) const
    {
        if (at >= m_text.size()) return "end of input";
        const unsigned char c = static_cast<unsigned char>(m_text[at]);
        if (c >= 0x20 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
        char buf[16];
        std::snprintf(buf, sizeof buf, "byte 0x%02X", c);
        return buf;
    }

    // nlohmann's message, e.g. "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error while
    // parsing object key - unexpected '}'; expected string literal", in our words, placed at the token it is about.
    void translate(size_t offset, const std::string &message)
    {
        const size_t end = std::min(offset, m_text.size() + 1); // the lexer counts reading the end as a character
        const size_t last = end > 0 ? end - 1 : 0;             // the character that stopped the lexer
        if (message.find("number overflow") != std::string::npos) {
            fail(tokenStart(end, "number literal"), "number out of range");
            return;
        }
        const auto between = [&](const std::string &from, const std::string &to) -> std::string {
            const size_t a = message.find(from);
            if (a == std::string::npos) return {};
            const size_t b = message.find(to, a + from.size());
            return message.substr(a + from.size(), b == std::string::npos ? std::string::npos : b - a - from.size());
        };
        const std::string context = between("while parsing ", " - ");
        const std::string expected = between("; expected ", "\n");
        const bool afterValue = context == "value" && expected == "end of input";
        // What was expected where the problem is, in the words of the hand-written parser.
        std::string wanted;
        if (context == "object key") wanted = "a quoted key";
        else if (context == "object separator") wanted = "':' after key \"" + m_lastKey + "\"";
        else if (context == "object") wanted = "',' or '}' after an object member";
        else if (context == "array") wanted = "',' or ']' after an array element";
        else if (context == "value" && !afterValue) wanted = "a value";

        if (afterValue) return void(fail(rootEnd(), "unexpected text after the JSON value"));
        if (message.find("; last read: '") != std::string::npos) { // the lexer refused the characters themselves
            const std::string lexer = between(" - ", "; last read: '");
            const bool atEnd = last >= m_text.size();
            if (lexer == "invalid literal") {
                size_t start = last;
                while (start > 0 && isLetter(m_text[start - 1])) --start;
                const char c = start < m_text.size() ? m_text[start] : '\0';
                if (c == 't') return void(fail(start, "expected 'true'"));
                if (c == 'f') return void(fail(start, "expected 'false'"));
                if (c == 'n') return void(fail(start, "expected 'null'"));
                return void(fail(start, "unexpected character " + describeByte(start) +
                                            (wanted.empty() ? "" : ", expected " + wanted)));
            }
            if (lexer.find("missing closing quote") != std::string::npos) return void(fail(last, "unterminated string"));
            if (lexer.find("control character") != std::string::npos && !atEnd) {
                char code[8];
                std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned char>(m_text[last]));
                return void(fail(last, std::string("control character ") + code + " inside a string"));
            }
            if (lexer.find("after backslash") != std::string::npos && !atEnd)
                return void(fail(last, m_text[last] > 0x20 && m_text[last] < 0x7f
                                           ? "unknown escape '\\" + std::string(1, m_text[last]) + "'"
                                           : "unknown escape: a backslash before " + describeByte(last)));
            if (lexer.find("4 hex digits") != std::string::npos) return void(fail(last, "bad hex digit in \\u escape"));
            if (lexer.find("surrogate") != std::string::npos) return void(fail(last, "unpaired surrogate in \\u escape"));
            if (lexer.find("UTF-8") != std::string::npos)
                return void(fail(utf8SequenceStart(last), "invalid UTF-8 in a string"));
            if (lexer.find("after '-'") != std::string::npos) return void(fail(last, "expected digits in number"));
            if (lexer.find("after '.'") != std::string::npos) return void(fail(last, "expected digits after '.'"));
            if (lexer.find("exponent") != std::string::npos) return void(fail(last, "expected digits in exponent"));
            if (lexer.find("BOM") != std::string::npos) return void(fail(0, "incomplete UTF-8 byte-order mark"));
            return void(fail(last, atEnd ? "unexpected end of input" : lexer));
        }
        // A well-formed token in the wrong place.
        const std::string token = between("unexpected ", ";");
        const size_t start = tokenStart(end, token);
        if (token == "end of input") {
            if (start < m_text.size()) return void(fail(start, "unexpected NUL byte")); // the lexer stops at one
            return void(fail(start, "unexpected end of input" + (wanted.empty() ? "" : ", expected " + wanted)));
        }
        if (context == "value") return void(fail(start, "unexpected " + describeByte(start) + ", expected a value"));
        if (!wanted.empty()) return void(fail(start, "expected " + wanted));
        fail(start, message.substr(message.find(": ") == std::string::npos ? 0 : message.find(": ") + 2));
    }

    static constexpr size_t kMaxDepth = 256;
    std::string_view m_text;
    const char **m_cursor;
    std::vector<Frame> m_stack;
    Value m_root;
    size_t m_rootEnd = 0;
    std::string m_lastKey;
    bool m_failed = false;
    size_t m_errorOffset = 0;
    std::string m_error;
};

namespace {

// "SOURCE:LINE:COL: what": line and column from 1, the column in bytes, a leading byte-order mark not counted.
[[noreturn]] void throwAt(std::string_view text, size_t offset, const std::string &source, const std::string &what)
{
    size_t line = 1, lineStart = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    for (size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    const size_t col = offset >= lineStart ? offset - lineStart + 1 : 1;
    throw std::runtime_error(source + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + what);
}

void writeString(std::string &out, const std::string &s)
{
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
}

void writeNumber(std::string &out, const Value &v)
{
    if (v.isInteger()) {
        char buf[24];
        out.append(buf, std::to_chars(buf, buf + sizeof buf, v.asInt64()).ptr);
        return;
    }
    const double d = v.asNumber();
    if (!std::isfinite(d)) {
        out += "null"; // JSON has no NaN/Inf
        return;
    }
    out += doubleText(d);
}

void write(std::string &out, const Value &v, int indent, int level)
{
    auto newline = [&](int lvl) {
        if (indent < 0) return;
        out += '\n';
        out.append(static_cast<size_t>(indent * lvl), ' ');
    };
    switch (v.type()) {
    case Value::Type::Null: out += "null"; break;
    case Value::Type::Bool: out += v.asBool() ? "true" : "false"; break;
    case Value::Type::Number: writeNumber(out, v); break;
    case Value::Type::String: writeString(out, v.asString()); break;
    case Value::Type::Array: {
        const auto &a = v.asArray();
        out += '[';
        bool scalars = true;
        for (const auto &e : a) scalars = scalars && !e.isArray() && !e.isObject();
        for (size_t i = 0; i < a.size(); ++i) {
            if (i) out += indent >= 0 && scalars ? ", " : ",";
            if (!scalars) newline(level + 1);
            write(out, a[i], indent, level + 1);
        }
        if (!scalars && !a.empty()) newline(level);
        out += ']';
        break;
    }
    case Value::Type::Object: {
        const auto &o = v.asObject();
        out += '{';
        for (size_t i = 0; i < o.size(); ++i) {
            if (i) out += ',';
            newline(level + 1);
            writeString(out, o[i].first);
            out += indent >= 0 ? ": " : ":";
            write(out, o[i].second, indent, level + 1);
        }
        if (!o.empty()) newline(level);
        out += '}';
        break;
    }
    }
}

} // namespace

Value parse(std::string_view text, const std::string &source)
{
    const char *cursor = text.data();
    Builder builder(text, &cursor);
    const CountingIterator first(text.data(), &cursor), last(text.data() + text.size(), &cursor);
    const bool ok = nlohmann::json::sax_parse(first, last, &builder, nlohmann::json::input_format_t::json, true);
    if (!ok || builder.failed()) {
        if (!builder.failed()) throwAt(text, text.size(), source, "malformed JSON");
        throwAt(text, builder.errorOffset(), source, builder.errorMessage());
    }
    // nlohmann's lexer takes a NUL byte for the end of the input; the text must end with the value.
    if (std::memchr(text.data(), '\0', text.size()))
        throwAt(text, builder.rootEnd(), source, "unexpected text after the JSON value");
    return builder.takeRoot();
}

Value parseFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open file: " + std::strerror(errno));
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse(ss.str(), path);
}

std::string dump(const Value &v, int indent)
{
    std::string out;
    write(out, v, indent, 0);
    return out;
}

} // namespace pretext::engine::json
