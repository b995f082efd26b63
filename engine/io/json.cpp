#include "engine/io/json.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
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

class Parser {
public:
    Parser(std::string_view text, const std::string &source) : m_text(text), m_source(source) {}

    Value parseDocument()
    {
        skipSpace();
        Value v = parseValue(0);
        skipSpace();
        if (m_pos != m_text.size()) fail("unexpected text after the JSON value");
        return v;
    }

private:
    [[noreturn]] void fail(const std::string &what) const
    {
        size_t line = 1, col = 1;
        for (size_t i = 0; i < m_pos && i < m_text.size(); ++i) {
            if (m_text[i] == '\n') {
                ++line;
                col = 1;
            } else {
                ++col;
            }
        }
        throw std::runtime_error(m_source + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + what);
    }

    void skipSpace()
    {
        while (m_pos < m_text.size() && std::strchr(" \t\r\n", m_text[m_pos]) && m_text[m_pos] != '\0') ++m_pos;
    }

    bool consume(char c)
    {
        if (m_pos < m_text.size() && m_text[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }

    void expectWord(const char *word)
    {
        size_t n = std::strlen(word);
        if (m_text.substr(m_pos, n) != word) fail(std::string("expected '") + word + "'");
        m_pos += n;
    }

    Value parseValue(int depth)
    {
        if (depth > 256) fail("nesting deeper than 256 levels");
        if (m_pos >= m_text.size()) fail("unexpected end of input, expected a value");
        char c = m_text[m_pos];
        switch (c) {
        case '{': return parseObject(depth);
        case '[': return parseArray(depth);
        case '"': return Value(parseString());
        case 't': expectWord("true"); return Value(true);
        case 'f': expectWord("false"); return Value(false);
        case 'n': expectWord("null"); return Value();
        default:
            if (c == '-' || (c >= '0' && c <= '9')) return Value(parseNumber());
            fail(std::string("unexpected character '") + c + "', expected a value");
        }
    }

    Value parseObject(int depth)
    {
        ++m_pos; // {
        Value::Object obj;
        skipSpace();
        if (consume('}')) return Value(std::move(obj));
        for (;;) {
            skipSpace();
            if (m_pos >= m_text.size() || m_text[m_pos] != '"') fail("expected a quoted key");
            std::string key = parseString();
            skipSpace();
            if (!consume(':')) fail("expected ':' after key \"" + key + "\"");
            skipSpace();
            for (const auto &kv : obj)
                if (kv.first == key) fail("duplicate key \"" + key + "\"");
            obj.emplace_back(std::move(key), parseValue(depth + 1));
            skipSpace();
            if (consume('}')) return Value(std::move(obj));
            if (!consume(',')) fail("expected ',' or '}' in object");
        }
    }

    Value parseArray(int depth)
    {
        ++m_pos; // [
        Value::Array arr;
        skipSpace();
        if (consume(']')) return Value(std::move(arr));
        for (;;) {
            skipSpace();
            arr.push_back(parseValue(depth + 1));
            skipSpace();
            if (consume(']')) return Value(std::move(arr));
            if (!consume(',')) fail("expected ',' or ']' in array");
        }
    }

    static void appendUtf8(std::string &out, uint32_t cp)
    {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    uint32_t parseHex4()
    {
        if (m_pos + 4 > m_text.size()) fail("truncated \\u escape");
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            char h = m_text[m_pos++];
            v <<= 4;
            if (h >= '0' && h <= '9') v |= h - '0';
            else if (h >= 'a' && h <= 'f') v |= h - 'a' + 10;
            else if (h >= 'A' && h <= 'F') v |= h - 'A' + 10;
            else fail("bad hex digit in \\u escape");
        }
        return v;
    }

    std::string parseString()
    {
        ++m_pos; // "
        std::string out;
        for (;;) {
            if (m_pos >= m_text.size()) fail("unterminated string");
            char c = m_text[m_pos++];
            if (c == '"') return out;
            if (static_cast<unsigned char>(c) < 0x20) fail("control character inside a string");
            if (c != '\\') {
                out += c;
                continue;
            }
            if (m_pos >= m_text.size()) fail("unterminated escape");
            char e = m_text[m_pos++];
            switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                uint32_t cp = parseHex4();
                if (cp >= 0xD800 && cp < 0xDC00 && m_text.substr(m_pos, 2) == "\\u") {
                    m_pos += 2;
                    uint32_t lo = parseHex4();
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                }
                appendUtf8(out, cp);
                break;
            }
            default: fail(std::string("unknown escape '\\") + e + "'");
            }
        }
    }

    double parseNumber()
    {
        size_t start = m_pos;
        if (m_text[m_pos] == '-') ++m_pos;
        auto digits = [&] {
            size_t s = m_pos;
            while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9') ++m_pos;
            return m_pos - s;
        };
        if (digits() == 0) fail("expected digits in number");
        if (consume('.') && digits() == 0) fail("expected digits after '.'");
        if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
            ++m_pos;
            if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-')) ++m_pos;
            if (digits() == 0) fail("expected digits in exponent");
        }
        // from_chars, not strtod: strtod follows LC_NUMERIC, which a GUI sets from the desktop (QApplication calls
        // setlocale(LC_ALL, "")), and would read 0.0003 as 0 under a German one.
        double value = 0;
        const auto [end, error] = std::from_chars(m_text.data() + start, m_text.data() + m_pos, value);
        if (error == std::errc::result_out_of_range) fail("number out of range");
        if (error != std::errc() || end != m_text.data() + m_pos) fail("expected a number");
        return value;
    }

    std::string_view m_text;
    const std::string &m_source;
    size_t m_pos = 0;
};

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

void writeNumber(std::string &out, double d)
{
    if (!std::isfinite(d)) {
        out += "null"; // JSON has no NaN/Inf
        return;
    }
    // to_chars writes what printf writes in the "C" locale, whatever LC_NUMERIC says (a German desktop's would
    // make 0.0003 "0,0003" in config.json).
    char buf[32];
    if (d == std::floor(d) && std::fabs(d) < 1e15) {
        out.append(buf, std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed, 0).ptr);
        return;
    }
    char *end = buf;
    for (int prec = 6; prec <= 17; ++prec) { // shortest form that reads back exactly
        end = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::general, prec).ptr;
        double back = 0;
        std::from_chars(buf, end, back);
        if (back == d) break;
    }
    out.append(buf, end);
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
    case Value::Type::Number: writeNumber(out, v.asNumber()); break;
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
    return Parser(text, source).parseDocument();
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
