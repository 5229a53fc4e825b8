/*
 * rectikit._speedups: the row converter of a big table, in C.
 *
 * Optional: rectikit works the same without it (pure Python), and the build skips it
 * when there is no C compiler (see hatch_build.py). readers/compiled.py builds a
 * RowConverter from the same plan it writes its Python converter from; the two
 * converters do the same thing, step for step:
 *
 *   - a row narrower than the plan goes to the general path;
 *   - each mapped cell is read by its column's kind: a text cell is trimmed (anything
 *     unusual, such as a blank or an invisible first character, is given to the
 *     column's parser); an amount of plain ASCII digits becomes a Decimal at once,
 *     an amount starting with a digit or a yen sign goes to the amount parser, and
 *     anything else (like every cell of a memoized column) is looked up in the
 *     column's memo and parsed when new;
 *   - a cell parser raising one of the parse errors sends the row to the general path;
 *   - a blank required cell sends the row to the general path, a blank optional cell
 *     takes the field's default;
 *   - a key seen before (seen_add returns where) sends the row to the general path;
 *   - the Location and the record are made as object.__new__ and their slots set, in
 *     the order of their attrs fields, exactly as the Python converter does.
 *
 * The general path reports what is wrong with a row; it is the Python method given.
 * Nothing here judges a value on its own: parsing stays in the Python cell parsers.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

/* OP_TRIM: a text column whose parser is the plain TextCell (readers/records.py), which
   gives BLANK for a cell that is empty once trimmed; OP_TEXT: any other text parser. */
enum { OP_TEXT = 0, OP_MEMO = 1, OP_AMOUNT = 2, OP_TRIM = 3 };
enum {
    F_CONST = 0,   /* a constant (the file, a default, the empty invalid set) */
    F_VAR = 1,     /* a cell's value: payload is the column's index */
    F_ROW = 2,     /* the row number */
    F_LOC = 3,     /* the row's Location */
    F_NEWDICT = 4, /* a new empty dict */
    F_EXTRA = 5,   /* extra_of(values) */
    F_FACTORY = 6  /* payload() */
};

typedef struct {
    Py_ssize_t position;
    int op;
    int required;
    PyObject *cell;    /* the column's cell parser (TextCell or CellParser) */
    PyObject *cache;   /* its memo (a dict), for OP_MEMO and OP_AMOUNT */
    PyObject *parse;   /* the amount parser, for OP_AMOUNT */
    PyObject *deflt;   /* the value of a blank optional cell */
} Column;

typedef struct {
    Py_ssize_t offset;
    int kind;
    Py_ssize_t index;
    PyObject *value;
} Field;

typedef struct {
    PyObject_HEAD
    vectorcallfunc vectorcall;
    Py_ssize_t width;
    Py_ssize_t ncolumns;
    Column *columns;
    Py_ssize_t key;
    PyObject *seen, *seen_dict, *seen_add, *file, *general, *blank, *errors, *invisible;
    PyObject *amount_start;
    PyObject *decimal, *extra_of, *fallback, *units;
    PyTypeObject *loc_type, *rec_type;
    Py_ssize_t nloc, nrec;
    Field *loc_fields, *rec_fields;
    PyObject *source;
} RowConverter;

/* Whether ch is one of the characters of the str `chars`. */
static int
one_of(PyObject *chars, Py_UCS4 ch)
{
    return PyUnicode_FindChar(chars, ch, 0, PyUnicode_GET_LENGTH(chars), 1) >= 0;
}

/* str.strip() of an exact str (a new reference; the same object when nothing goes). */
static PyObject *
strip(PyObject *text)
{
    Py_ssize_t start = 0, end = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    while (start < end && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, start)))
        start++;
    while (end > start && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, end - 1)))
        end--;
    if (start == 0 && end == PyUnicode_GET_LENGTH(text))
        return Py_NewRef(text);
    return PyUnicode_Substring(text, start, end);
}

/* Whether an exact str is 1 to 15 ASCII digits. */
static int
plain_digits(PyObject *text)
{
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    if (!PyUnicode_IS_ASCII(text) || length == 0 || length > 15)
        return 0;
    const Py_UCS1 *data = PyUnicode_1BYTE_DATA(text);
    for (Py_ssize_t i = 0; i < length; i++) {
        if (data[i] < '0' || data[i] > '9')
            return 0;
    }
    return 1;
}

static PyObject *
call1(PyObject *callable, PyObject *arg)
{
    PyObject *args[1] = {arg};
    return PyObject_Vectorcall(callable, args, 1, NULL);
}

#define IS_DIGIT(ch) ((ch) >= '0' && (ch) <= '9')
#define MAX_AMOUNT_DIGITS 18 /* amounts below 10**18 yuan: as amounts.py's _MAX_AMOUNT */

/* Decimal(text) of an ASCII text. */
static PyObject *
decimal_of(PyObject *decimal, const char *text, Py_ssize_t length)
{
    PyObject *string = PyUnicode_FromStringAndSize(text, length);
    if (string == NULL)
        return NULL;
    PyObject *number = call1(decimal, string);
    Py_DECREF(string);
    return number;
}

/*
 * The notations ledgers use most, as amounts.py's _amount_from_str reads them through
 * _COMMON_AMOUNT_RE: an optional yen sign, a whole part (1 to 15 digits, or 1 to 3
 * digits and 1 to 3 groups of ",ddd"), an optional fraction of 1 to 6 digits, an
 * optional unit (units: suffix -> power of ten) and an optional 元/圆/圓. Gives the
 * same Decimal that function gives, or NULL with no error set when the text is not
 * one of those notations or is one the function treats specially (a zero, a whole
 * part too long to write with a unit, an amount out of range): the Python parser
 * then reads it. NULL with an error set on failure.
 */
static PyObject *
common_amount(PyObject *decimal, PyObject *units, PyObject *text)
{
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), i = 0;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    int currency = 0;
    Py_UCS4 first = PyUnicode_READ(kind, data, 0);
    if (first == 0xA5 || first == 0xFFE5) { /* ¥ ￥ */
        currency = 1;
        i = 1;
    }
    char digits[MAX_AMOUNT_DIGITS + 8]; /* the whole part's digits, then the fraction's */
    Py_ssize_t count = 0, group = 0, groups = 0, head = 0;
    for (; i < length; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (IS_DIGIT(ch)) {
            if (count == 15)
                return NULL;
            digits[count++] = (char)ch;
            group++;
        }
        else if (ch == ',') {
            if (groups == 0)
                head = group;
            else if (group != 3)
                return NULL;
            groups++;
            group = 0;
        }
        else
            break;
    }
    if (count == 0)
        return NULL;
    if (groups > 0 && (head < 1 || head > 3 || group != 3 || groups > 3))
        return NULL;
    Py_ssize_t whole = count, places = 0;
    if (i < length && PyUnicode_READ(kind, data, i) == '.') {
        digits[count++] = '.';
        for (i++; i < length && IS_DIGIT(PyUnicode_READ(kind, data, i)); i++) {
            if (places == 6)
                return NULL;
            digits[count++] = (char)PyUnicode_READ(kind, data, i);
            places++;
        }
        if (places == 0)
            return NULL;
    }
    Py_ssize_t end = length;
    int yuan = 0;
    if (end > i) {
        Py_UCS4 last = PyUnicode_READ(kind, data, end - 1);
        if (last == 0x5143 || last == 0x5706 || last == 0x5713) { /* 元 圆 圓 */
            yuan = 1;
            end--;
        }
    }
    long exponent = 0;
    int unit = end > i;
    if (unit) {
        PyObject *suffix = PyUnicode_Substring(text, i, end);
        if (suffix == NULL)
            return NULL;
        PyObject *power = PyDict_GetItemWithError(units, suffix);
        Py_DECREF(suffix);
        if (power == NULL)
            return NULL; /* not a unit (or an error, which the caller sees) */
        exponent = PyLong_AsLong(power);
        if (exponent == -1 && PyErr_Occurred())
            return NULL;
    }
    if (!(groups || currency || unit || yuan))
        return call1(decimal, text); /* plain: a Decimal of the text as written */
    if (!groups && whole > 12)
        return NULL;
    int zero = 1;
    for (Py_ssize_t k = 0; k < count; k++)
        zero &= digits[k] == '0' || digits[k] == '.';
    if (zero)
        return NULL;
    if (!unit)
        return decimal_of(decimal, digits, count);
    /* digits × 10**exponent, as _with_unit writes it: whole when whole, else without
       trailing fractional zeros */
    unsigned long long number = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        if (digits[k] != '.')
            number = number * 10 + (unsigned long long)(digits[k] - '0');
    }
    exponent -= places;
    if (exponent >= 0) {
        for (long e = 0; e < exponent; e++) {
            if (number >= 100000000000000000ULL) /* would reach 10**18: too large */
                return NULL;
            number *= 10;
        }
        if (number >= 1000000000000000000ULL)
            return NULL;
        PyObject *integer = PyLong_FromUnsignedLongLong(number);
        if (integer == NULL)
            return NULL;
        PyObject *result = call1(decimal, integer);
        Py_DECREF(integer);
        return result;
    }
    while (exponent < 0 && number % 10 == 0) {
        number /= 10;
        exponent++;
    }
    char written[48];
    int size = exponent ? snprintf(written, sizeof written, "%lluE%ld", number, exponent)
                        : snprintf(written, sizeof written, "%llu", number);
    return decimal_of(decimal, written, size);
}

/* An amount starting with a digit or a yen sign: the common notations here, any other
   by the Python amount parser. */
static PyObject *
amount(RowConverter *self, Column *column, PyObject *raw)
{
    PyObject *number = common_amount(self->decimal, self->units, raw);
    if (number != NULL || PyErr_Occurred())
        return number;
    return call1(column->parse, raw);
}

/* The memoized value of raw, or the cell parser's. A new reference, or NULL. */
static PyObject *
memo(Column *column, PyObject *raw)
{
    PyObject *found = PyDict_GetItemWithError(column->cache, raw);
    if (found != NULL)
        return Py_NewRef(found);
    if (PyErr_Occurred())
        return NULL;
    return call1(column->cell, raw);
}

/* The value of one cell, as the Python converter reads it. A new reference, or NULL. */
static PyObject *
read_cell(RowConverter *self, Column *column, PyObject *raw)
{
    switch (column->op) {
    case OP_TEXT:
    case OP_TRIM:
        if (PyUnicode_CheckExact(raw)) {
            PyObject *text = strip(raw);
            if (text == NULL)
                return NULL;
            if (PyUnicode_GET_LENGTH(text) == 0 && column->op == OP_TRIM) {
                Py_DECREF(text);
                return Py_NewRef(self->blank);
            }
            if (PyUnicode_GET_LENGTH(text) != 0
                && !one_of(self->invisible, PyUnicode_READ_CHAR(text, 0)))
                return text;
            Py_DECREF(text);
        }
        return call1(column->cell, raw);
    case OP_AMOUNT:
        if (PyUnicode_CheckExact(raw)) {
            if (plain_digits(raw))
                return call1(self->decimal, raw);
            if (PyUnicode_GET_LENGTH(raw) != 0
                && one_of(self->amount_start, PyUnicode_READ_CHAR(raw, 0)))
                return amount(self, column, raw);
        }
        return memo(column, raw);
    default:
        return memo(column, raw);
    }
}

/* The names of SeenKeys's attributes (readers/keys.py), interned. */
static PyObject *s_slots, *s_mask, *s_hashes, *s_ends, *s_rows, *s_arena, *s_last_file;
static PyObject *s_spilled, *s_other, *s_place, *s_grow, *s_append, *s_filter;

#define KEY_NEW 0
#define KEY_SEEN 1
#define KEY_ERROR (-1)
#define KEY_PYTHON 2 /* not a case for the fast path: SeenKeys.add decides */

static int
view_words(PyObject *array, Py_buffer *view, int writable)
{
    if (array == NULL
        || PyObject_GetBuffer(array, view, (writable ? PyBUF_WRITABLE : 0) | PyBUF_FORMAT) < 0)
        return -1;
    if (view->itemsize != 4 || view->ndim != 1) {
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

static int
append_word(PyObject *array, unsigned long value)
{
    PyObject *number = PyLong_FromUnsignedLong(value);
    if (number == NULL)
        return -1;
    PyObject *done = PyObject_CallMethodOneArg(array, s_append, number);
    Py_DECREF(number);
    Py_XDECREF(done);
    return done == NULL ? -1 : 0;
}

/* Whether the bit filter of the ids a SeenKeys set aside on disk (SpilledKeys.filter,
   readers/keyspill.py) says the hash `code` was never set aside; 0 (ask Python) when it
   may have been, or when the filter is not the bytearray it should be. */
static int
never_set_aside(PyObject *spilled, uint32_t code)
{
    PyObject *marks = PyObject_GetAttr(spilled, s_filter);
    if (marks == NULL) {
        PyErr_Clear();
        return 0;
    }
    int never = 0;
    Py_ssize_t size = PyByteArray_CheckExact(marks) ? PyByteArray_GET_SIZE(marks) : 0;
    if (size > 0 && (size & (size - 1)) == 0) { /* a power of two, as SpilledKeys makes */
        unsigned char byte = (unsigned char)PyByteArray_AS_STRING(marks)[(code >> 3) & (size - 1)];
        never = !(byte & (1u << (code & 7)));
    }
    Py_DECREF(marks);
    return never;
}

/*
 * SeenKeys.add(key, file, row) for the usual case, on the table's own arrays (its
 * instance dictionary `keys`): a str key of the file the table took its last key
 * from, nothing kept in the ordinary dict, a row and an arena within their words, and
 * a key that is new in memory and that the filter of the ids set aside on disk (if
 * any) says was never set aside. KEY_NEW when the key was added, KEY_SEEN (and *entry) when it
 * was there, KEY_PYTHON for any other case, KEY_ERROR on an error. The steps are
 * SeenKeys.add's: probe for the key's hash and bytes, else append the bytes, end,
 * row and hash, place the entry, and grow a table half full (SeenKeys._grow).
 */
static int
add_key(PyObject *table, PyObject *keys, PyObject *key, PyObject *file, PyObject *row,
        Py_ssize_t *entry)
{
    if (!PyUnicode_CheckExact(key) || !PyLong_CheckExact(row))
        return KEY_PYTHON;
    if (PyDict_GetItemWithError(keys, s_last_file) != file)
        return PyErr_Occurred() ? KEY_ERROR : KEY_PYTHON;
    PyObject *spilled = PyDict_GetItemWithError(keys, s_spilled);
    PyObject *other = PyDict_GetItemWithError(keys, s_other);
    PyObject *arena = PyDict_GetItemWithError(keys, s_arena);
    PyObject *mask_object = PyDict_GetItemWithError(keys, s_mask);
    if (PyErr_Occurred())
        return KEY_ERROR;
    if (spilled == NULL || other == NULL || !PyDict_CheckExact(other)
        || PyDict_GET_SIZE(other) != 0 || arena == NULL || !PyByteArray_CheckExact(arena)
        || mask_object == NULL || !PyLong_CheckExact(mask_object))
        return KEY_PYTHON;
    unsigned long row_number = PyLong_AsUnsignedLong(row);
    if (row_number == (unsigned long)-1 && PyErr_Occurred()) {
        PyErr_Clear();
        return KEY_PYTHON;
    }
    if (row_number > 0xFFFFFFFFUL)
        return KEY_PYTHON;
    Py_ssize_t size;
    const char *data = PyUnicode_AsUTF8AndSize(key, &size);
    if (data == NULL) { /* a lone surrogate: SeenKeys encodes with surrogatepass */
        PyErr_Clear();
        return KEY_PYTHON;
    }
    Py_ssize_t used = PyByteArray_GET_SIZE(arena);
    if ((unsigned long long)used + (unsigned long long)size > 0xFFFFFFFFULL)
        return KEY_PYTHON;
    Py_ssize_t mask = PyLong_AsSsize_t(mask_object);
    if (mask == -1 && PyErr_Occurred())
        return KEY_ERROR;
    Py_hash_t hash = PyObject_Hash(key);
    if (hash == -1)
        return KEY_ERROR;
    uint32_t code = (uint32_t)hash;

    PyObject *slots_object = PyDict_GetItemWithError(keys, s_slots);
    PyObject *hashes_object = PyDict_GetItemWithError(keys, s_hashes);
    PyObject *ends_object = PyDict_GetItemWithError(keys, s_ends);
    PyObject *rows_object = PyDict_GetItemWithError(keys, s_rows);
    if (PyErr_Occurred())
        return KEY_ERROR;
    Py_buffer slots, hashes, ends;
    if (view_words(slots_object, &slots, 1) < 0) {
        PyErr_Clear();
        return KEY_PYTHON;
    }
    if (view_words(hashes_object, &hashes, 0) < 0) {
        PyErr_Clear();
        PyBuffer_Release(&slots);
        return KEY_PYTHON;
    }
    if (view_words(ends_object, &ends, 0) < 0) {
        PyErr_Clear();
        PyBuffer_Release(&slots);
        PyBuffer_Release(&hashes);
        return KEY_PYTHON;
    }
    int32_t *slot_words = (int32_t *)slots.buf;
    const uint32_t *hash_words = (const uint32_t *)hashes.buf;
    const uint32_t *end_words = (const uint32_t *)ends.buf;
    Py_ssize_t count = hashes.len / 4, slot_count = slots.len / 4;
    const char *bytes = PyByteArray_AS_STRING(arena);
    int ok = mask + 1 == slot_count && ends.len / 4 == count + 1;
    Py_ssize_t slot = (Py_ssize_t)(code & (uint32_t)mask), probes = 0;
    while (ok) {
        if (probes++ > mask) { /* full: never so in a table SeenKeys grows */
            ok = 0;
            break;
        }
        int32_t found = slot_words[slot];
        if (found <= 0 || found > count) {
            ok = found == 0;
            break;
        }
        uint32_t start = end_words[found - 1], stop = end_words[found];
        if (hash_words[found - 1] == code && stop - start == (uint32_t)size
            && memcmp(bytes + start, data, (size_t)size) == 0) {
            *entry = found - 1;
            PyBuffer_Release(&hashes);
            PyBuffer_Release(&ends);
            PyBuffer_Release(&slots);
            return KEY_SEEN;
        }
        slot = (slot + 1) & mask;
    }
    PyBuffer_Release(&hashes); /* the arrays grow below: no view may be held on them */
    PyBuffer_Release(&ends);
    if (!ok || (spilled != NULL && spilled != Py_None && !never_set_aside(spilled, code))) {
        /* not the table SeenKeys keeps, or an id maybe set aside on disk: SeenKeys.add
           looks it up there */
        PyBuffer_Release(&slots);
        return KEY_PYTHON;
    }
    int failed = PyByteArray_Resize(arena, used + size) < 0;
    if (!failed) {
        memcpy(PyByteArray_AS_STRING(arena) + used, data, (size_t)size);
        failed = append_word(ends_object, (unsigned long)(used + size)) < 0
                 || append_word(rows_object, row_number) < 0
                 || append_word(hashes_object, code) < 0;
    }
    if (!failed)
        slot_words[slot] = (int32_t)(count + 1);
    PyBuffer_Release(&slots);
    if (failed)
        return KEY_ERROR;
    if (2 * (count + 1) > mask) {
        PyObject *grown = PyObject_CallMethodNoArgs(table, s_grow);
        if (grown == NULL)
            return KEY_ERROR;
        Py_DECREF(grown);
    }
    return KEY_NEW;
}

static PyObject *
general(RowConverter *self, PyObject *row, PyObject *values)
{
    PyObject *args[2] = {row, values};
    return PyObject_Vectorcall(self->general, args, 2, NULL);
}

/* A new instance of type with its slots set from fields; NULL on error. */
static PyObject *
build(PyTypeObject *type, Field *fields, Py_ssize_t count, PyObject **cells, PyObject *row,
      PyObject *location, PyObject *values, PyObject *extra_of)
{
    PyObject *object = type->tp_alloc(type, 0);
    if (object == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < count; i++) {
        Field *field = &fields[i];
        PyObject *value;
        switch (field->kind) {
        case F_VAR:
            value = Py_NewRef(cells[field->index]);
            break;
        case F_ROW:
            value = Py_NewRef(row);
            break;
        case F_LOC:
            value = Py_NewRef(location);
            break;
        case F_NEWDICT:
            value = PyDict_New();
            break;
        case F_EXTRA:
            value = call1(extra_of, values);
            break;
        case F_FACTORY:
            value = PyObject_CallNoArgs(field->value);
            break;
        default:
            value = Py_NewRef(field->value);
        }
        if (value == NULL) {
            Py_DECREF(object);
            return NULL;
        }
        PyObject **slot = (PyObject **)((char *)object + field->offset);
        Py_XSETREF(*slot, value);
    }
    return object;
}

#define MAX_STACK_COLUMNS 64

static PyObject *
convert(RowConverter *self, PyObject *row, PyObject *values)
{
    PyObject *const *items;
    Py_ssize_t length;
    if (PyTuple_CheckExact(values)) {
        items = &PyTuple_GET_ITEM(values, 0);
        length = PyTuple_GET_SIZE(values);
    }
    else {  /* a list, say, which a cell parser could change under us */
        PyObject *args[2] = {row, values};
        return PyObject_Vectorcall(self->fallback, args, 2, NULL);
    }
    if (length < self->width)
        return general(self, row, values);

    PyObject *cells[MAX_STACK_COLUMNS];
    Py_ssize_t done = 0;
    PyObject *result = NULL;
    for (; done < self->ncolumns; done++) {
        Column *column = &self->columns[done];
        PyObject *value = read_cell(self, column, items[column->position]);
        if (value == NULL) {
            if (PyErr_ExceptionMatches(self->errors)) {
                PyErr_Clear();
                goto to_general;
            }
            goto finally;
        }
        cells[done] = value;
    }
    for (Py_ssize_t i = 0; i < self->ncolumns; i++) {
        if (cells[i] == self->blank) {
            Column *column = &self->columns[i];
            if (column->required)
                goto to_general;
            Py_SETREF(cells[i], Py_NewRef(column->deflt));
        }
    }
    if (self->key >= 0 && cells[self->key] != self->blank) {
        Py_ssize_t entry;
        int added = KEY_PYTHON;
        if (self->seen_dict != NULL)
            added = add_key(self->seen, self->seen_dict, cells[self->key], self->file, row,
                            &entry);
        if (added == KEY_PYTHON) {
            PyObject *args[3] = {cells[self->key], self->file, row};
            PyObject *first = PyObject_Vectorcall(self->seen_add, args, 3, NULL);
            if (first == NULL)
                goto finally;
            added = first == Py_None ? KEY_NEW : KEY_SEEN;
            Py_DECREF(first);
        }
        if (added == KEY_ERROR)
            goto finally;
        if (added == KEY_SEEN)
            goto to_general;
    }
    PyObject *location =
        build(self->loc_type, self->loc_fields, self->nloc, cells, row, NULL, values, NULL);
    if (location == NULL)
        goto finally;
    result = build(self->rec_type, self->rec_fields, self->nrec, cells, row, location, values,
                   self->extra_of);
    Py_DECREF(location);
    goto finally;
to_general:
    result = general(self, row, values);
finally:
    for (Py_ssize_t i = 0; i < done; i++)
        Py_DECREF(cells[i]);
    return result;
}

static PyObject *
RowConverter_vectorcall(PyObject *callable, PyObject *const *args, size_t nargsf,
                        PyObject *kwnames)
{
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (nargs != 2 || (kwnames != NULL && PyTuple_GET_SIZE(kwnames) != 0)) {
        PyErr_SetString(PyExc_TypeError, "convert(row, values) takes two arguments");
        return NULL;
    }
    return convert((RowConverter *)callable, args[0], args[1]);
}

/* The slot offset of the attribute `name` of `type`: a writable object slot. */
static int
slot_offset(PyTypeObject *type, PyObject *name, Py_ssize_t *offset)
{
    PyObject *descr = PyObject_GetAttr((PyObject *)type, name);
    if (descr == NULL)
        return -1;
    int ok = Py_IS_TYPE(descr, &PyMemberDescr_Type);
    if (ok) {
        PyMemberDef *member = ((PyMemberDescrObject *)descr)->d_member;
        ok = member->type == T_OBJECT_EX && !(member->flags & READONLY)
             && PyType_IsSubtype(type, PyDescr_TYPE(descr));
        *offset = member->offset;
    }
    Py_DECREF(descr);
    if (!ok) {
        PyErr_Format(PyExc_TypeError, "%R is not a slot of %R", name, type);
        return -1;
    }
    return 0;
}

static int
read_fields(PyTypeObject *type, PyObject *spec, Py_ssize_t ncolumns, Field **out,
            Py_ssize_t *count)
{
    if (!PyTuple_Check(spec)) {
        PyErr_SetString(PyExc_TypeError, "fields must be a tuple");
        return -1;
    }
    *count = PyTuple_GET_SIZE(spec);
    *out = PyMem_Calloc(*count ? *count : 1, sizeof(Field));
    if (*out == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < *count; i++) {
        PyObject *name, *payload;
        int kind;
        Field *field = &(*out)[i];
        if (!PyArg_ParseTuple(PyTuple_GET_ITEM(spec, i), "UiO", &name, &kind, &payload))
            return -1;
        if (slot_offset(type, name, &field->offset) < 0)
            return -1;
        field->kind = kind;
        if (kind == F_VAR) {
            field->index = PyLong_AsSsize_t(payload);
            if (field->index == -1 && PyErr_Occurred())
                return -1;
            if (field->index < 0 || field->index >= ncolumns) {
                PyErr_SetString(PyExc_ValueError, "field column out of range");
                return -1;
            }
        }
        else if (kind < F_CONST || kind > F_FACTORY) {
            PyErr_SetString(PyExc_ValueError, "unknown field kind");
            return -1;
        }
        field->value = Py_NewRef(payload);
    }
    return 0;
}

/* The objects a RowConverter holds besides its columns and fields: cleared and
   visited alike (one list, so that none is left out of either). */
#define ROW_CONVERTER_OBJECTS(X)                                                          \
    X(seen) X(seen_dict) X(seen_add) X(file) X(general) X(blank) X(errors) X(invisible)  \
        X(amount_start) X(decimal) X(extra_of) X(fallback) X(units) X(loc_type)           \
            X(rec_type) X(source)

static int
RowConverter_clear(RowConverter *self)
{
    for (Py_ssize_t i = 0; self->columns != NULL && i < self->ncolumns; i++) {
        Py_CLEAR(self->columns[i].cell);
        Py_CLEAR(self->columns[i].cache);
        Py_CLEAR(self->columns[i].parse);
        Py_CLEAR(self->columns[i].deflt);
    }
    for (Py_ssize_t i = 0; self->loc_fields != NULL && i < self->nloc; i++)
        Py_CLEAR(self->loc_fields[i].value);
    for (Py_ssize_t i = 0; self->rec_fields != NULL && i < self->nrec; i++)
        Py_CLEAR(self->rec_fields[i].value);
#define CLEAR_OBJECT(name) Py_CLEAR(self->name);
    ROW_CONVERTER_OBJECTS(CLEAR_OBJECT)
#undef CLEAR_OBJECT
    return 0;
}

static int
RowConverter_traverse(RowConverter *self, visitproc visit, void *arg)
{
    for (Py_ssize_t i = 0; self->columns != NULL && i < self->ncolumns; i++) {
        Py_VISIT(self->columns[i].cell);
        Py_VISIT(self->columns[i].cache);
        Py_VISIT(self->columns[i].parse);
        Py_VISIT(self->columns[i].deflt);
    }
    for (Py_ssize_t i = 0; self->loc_fields != NULL && i < self->nloc; i++)
        Py_VISIT(self->loc_fields[i].value);
    for (Py_ssize_t i = 0; self->rec_fields != NULL && i < self->nrec; i++)
        Py_VISIT(self->rec_fields[i].value);
#define VISIT_OBJECT(name) Py_VISIT(self->name);
    ROW_CONVERTER_OBJECTS(VISIT_OBJECT)
#undef VISIT_OBJECT
    return 0;
}

static void
RowConverter_dealloc(RowConverter *self)
{
    PyObject_GC_UnTrack(self);
    RowConverter_clear(self);
    PyMem_Free(self->columns);
    PyMem_Free(self->loc_fields);
    PyMem_Free(self->rec_fields);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
RowConverter_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    Py_ssize_t width, key;
    PyObject *columns, *loc_fields, *rec_fields;
    PyObject *seen, *seen_add, *file, *general, *blank, *errors, *invisible, *amount_start;
    PyObject *decimal, *units, *extra_of, *fallback, *loc_type, *rec_type;
    static char *keywords[] = {
        "width", "columns", "key", "seen", "seen_add", "file", "general", "fallback", "blank",
        "errors", "invisible", "amount_start", "decimal", "units", "extra_of", "loc_type",
        "loc_fields", "rec_type", "rec_fields", NULL};
    if (!PyArg_ParseTupleAndKeywords(
            args, kwargs, "nO!nOOOOOOOUUOO!OO!O!O!O!:RowConverter", keywords, &width,
            &PyTuple_Type, &columns, &key, &seen, &seen_add, &file, &general, &fallback, &blank,
            &errors, &invisible, &amount_start, &decimal, &PyDict_Type, &units, &extra_of,
            &PyType_Type, &loc_type, &PyTuple_Type, &loc_fields, &PyType_Type, &rec_type, &PyTuple_Type, &rec_fields))
        return NULL;
    Py_ssize_t ncolumns = PyTuple_GET_SIZE(columns);
    if (ncolumns > MAX_STACK_COLUMNS) {
        PyErr_SetString(PyExc_ValueError, "too many columns");
        return NULL;
    }
    if (key < -1 || key >= ncolumns) {
        PyErr_SetString(PyExc_ValueError, "key column out of range");
        return NULL;
    }
    RowConverter *self = (RowConverter *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->vectorcall = RowConverter_vectorcall;
    self->width = width;
    self->key = key;
    self->seen_add = Py_NewRef(seen_add);
    if (seen != Py_None) { /* the key store whose own arrays the fast path works on */
        self->seen = Py_NewRef(seen);
        self->seen_dict = PyObject_GetAttrString(seen, "__dict__");
        if (self->seen_dict == NULL)
            goto error;
        if (!PyDict_CheckExact(self->seen_dict)) {
            PyErr_SetString(PyExc_TypeError, "the key store has no instance dictionary");
            goto error;
        }
    }
    self->file = Py_NewRef(file);
    self->general = Py_NewRef(general);
    self->blank = Py_NewRef(blank);
    self->errors = Py_NewRef(errors);
    self->invisible = Py_NewRef(invisible);
    self->amount_start = Py_NewRef(amount_start);
    self->decimal = Py_NewRef(decimal);
    self->extra_of = Py_NewRef(extra_of);
    self->fallback = Py_NewRef(fallback);
    self->units = Py_NewRef(units);
    self->loc_type = (PyTypeObject *)Py_NewRef(loc_type);
    self->rec_type = (PyTypeObject *)Py_NewRef(rec_type);
    self->source = Py_NewRef(Py_None);
    self->columns = PyMem_Calloc(ncolumns ? ncolumns : 1, sizeof(Column));
    if (self->columns == NULL) {
        PyErr_NoMemory();
        goto error;
    }
    for (Py_ssize_t i = 0; i < ncolumns; i++) {
        Column *column = &self->columns[i];
        PyObject *cell, *cache, *parse, *deflt;
        if (!PyArg_ParseTuple(PyTuple_GET_ITEM(columns, i), "nipOOOO", &column->position,
                              &column->op, &column->required, &cell, &cache, &parse, &deflt))
            goto error;
        self->ncolumns = i + 1; /* owned references from here on */
        column->cell = Py_NewRef(cell);
        column->cache = Py_NewRef(cache);
        column->parse = Py_NewRef(parse);
        column->deflt = Py_NewRef(deflt);
        if (column->position < 0 || column->position >= width) {
            PyErr_SetString(PyExc_ValueError, "column position out of range");
            goto error;
        }
        if ((column->op == OP_MEMO || column->op == OP_AMOUNT) && !PyDict_CheckExact(cache)) {
            PyErr_SetString(PyExc_TypeError, "a memoized column needs its memo dict");
            goto error;
        }
        if (column->op < OP_TEXT || column->op > OP_TRIM) {
            PyErr_SetString(PyExc_ValueError, "unknown column kind");
            goto error;
        }
    }
    self->ncolumns = ncolumns;
    if (read_fields(self->loc_type, loc_fields, ncolumns, &self->loc_fields, &self->nloc) < 0)
        goto error;
    if (read_fields(self->rec_type, rec_fields, ncolumns, &self->rec_fields, &self->nrec) < 0)
        goto error;
    for (Py_ssize_t i = 0; i < self->nloc; i++) {
        int kind = self->loc_fields[i].kind;
        if (kind == F_LOC || kind == F_EXTRA) {
            PyErr_SetString(PyExc_ValueError, "a location cannot hold itself or extras");
            goto error;
        }
    }
    return (PyObject *)self;
error:
    Py_DECREF(self);
    return NULL;
}

static PyMemberDef RowConverter_members[] = {
    {"source", T_OBJECT, offsetof(RowConverter, source), 0,
     "The Python converter's source, for debugging and the tests."},
    {NULL},
};

PyDoc_STRVAR(RowConverter_doc,
             "RowConverter(...)\n--\n\n"
             "A table's row converter in C: ``convert(row, values)`` gives the record, or\n"
             "what the general path gives. Built by rectikit.readers.compiled.");

static PyTypeObject RowConverter_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "rectikit._speedups.RowConverter",
    .tp_basicsize = sizeof(RowConverter),
    .tp_dealloc = (destructor)RowConverter_dealloc,
    .tp_vectorcall_offset = offsetof(RowConverter, vectorcall),
    .tp_call = PyVectorcall_Call,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_doc = RowConverter_doc,
    .tp_traverse = (traverseproc)RowConverter_traverse,
    .tp_clear = (inquiry)RowConverter_clear,
    .tp_members = RowConverter_members,
    .tp_new = RowConverter_new,
};

static PyObject *
speedups_common_amount(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *text, *units, *decimal;
    if (!PyArg_ParseTuple(args, "UO!O:common_amount", &text, &PyDict_Type, &units, &decimal))
        return NULL;
    if (PyUnicode_GET_LENGTH(text) == 0)
        Py_RETURN_NONE;
    PyObject *number = common_amount(decimal, units, text);
    if (number == NULL && !PyErr_Occurred())
        Py_RETURN_NONE;
    return number;
}

/* -- PRC005's candidates (checks/candidates.py) ------------------------------------- */

static PyObject *s_count, *s_numbers, *s_parts, *s_places, *s_amounts, *s_ids, *s_labels;
static PyObject *s_label_index, *s_last_letters, *s_last_sheet, *s_last_source;
static PyObject *s_toordinal, *s_file, *s_row, *s_column, *s_sheet, *s_letters, *s_add;
static PyObject *decimal_type;
static PyObject *candidate_store_type; /* CandidateStore itself: its add is done here */

#define MAX_COEFFICIENT ((1ULL << 60) - 1) /* candidates.py's _MAX_COEFFICIENT */

/* An attribute of a dict's value, borrowed: NULL (no error) when missing. */
static PyObject *
item(PyObject *dict, PyObject *name)
{
    return PyDict_GetItemWithError(dict, name);
}

/* candidates.py's _pack_amount: coefficient << 3 | decimals of an exact Decimal's text
   (digits, then at most seven decimals), or 0 with *ok unset. */
static unsigned long long
pack_amount(PyObject *amount, int *ok)
{
    *ok = 0;
    if (!Py_IS_TYPE(amount, (PyTypeObject *)decimal_type))
        return 0;
    PyObject *text = PyObject_Str(amount);
    if (text == NULL) {
        PyErr_Clear();
        return 0;
    }
    unsigned long long coefficient = 0;
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), i = 0, whole = 0, decimals = 0;
    int good = PyUnicode_IS_ASCII(text);
    const Py_UCS1 *data = good ? PyUnicode_1BYTE_DATA(text) : NULL;
    for (; good && i < length && data[i] != '.'; i++, whole++) {
        good = IS_DIGIT(data[i]) && coefficient <= (MAX_COEFFICIENT - 9) / 10;
        coefficient = coefficient * 10 + (unsigned long long)(data[i] - '0');
    }
    if (good && i < length) { /* the point */
        for (i++; good && i < length; i++, decimals++) {
            good = IS_DIGIT(data[i]) && coefficient <= (MAX_COEFFICIENT - 9) / 10;
            coefficient = coefficient * 10 + (unsigned long long)(data[i] - '0');
        }
        good = good && decimals >= 1 && decimals <= 7;
    }
    Py_DECREF(text);
    if (!good || whole == 0 || coefficient > MAX_COEFFICIENT)
        return 0;
    *ok = 1;
    return coefficient << 3 | (unsigned long long)decimals;
}

static int
append_object(PyObject *array, PyObject *value)
{
    PyObject *done = PyObject_CallMethodOneArg(array, s_append, value);
    Py_XDECREF(done);
    return done == NULL ? -1 : 0;
}

static int
append_number(PyObject *array, unsigned long long value)
{
    PyObject *number = PyLong_FromUnsignedLongLong(value);
    if (number == NULL)
        return -1;
    int result = append_object(array, number);
    Py_DECREF(number);
    return result;
}

/*
 * CandidateStore.add(key, day, ident, amount, where, label) for the usual case, on the
 * store's own arrays (its instance dictionary `store`): a key of two values both
 * numbered before, a location of the table the store took its last record from, a
 * row and a day within their bits, an amount that packs, an id within its length, a
 * label seen before. 1 when added, 0 for any other case (nothing changed), -1 on an
 * error. The steps are CandidateStore.add's. Everything that may call out (the
 * location's attributes, the day's ordinal, the amount's text) is done before the
 * store's own objects are looked at.
 */
static int
add_candidate(PyObject *store, PyObject *key, PyObject *day, PyObject *ident,
              PyObject *amount, PyObject *where, PyObject *label)
{
    if (!PyTuple_CheckExact(key) || PyTuple_GET_SIZE(key) != 2 || !PyUnicode_CheckExact(ident))
        return 0;
    int packs;
    unsigned long long packed = pack_amount(amount, &packs);
    if (!packs)
        return 0;
    Py_ssize_t size;
    const char *data = PyUnicode_AsUTF8AndSize(ident, &size);
    if (data == NULL) { /* a lone surrogate */
        PyErr_Clear();
        return 0;
    }
    if (size > 0xFFFF)
        return 0;
    PyObject *ordinal = PyObject_CallMethodNoArgs(day, s_toordinal);
    if (ordinal == NULL) {
        PyErr_Clear(); /* not a date: CandidateStore.add says so */
        return 0;
    }
    long long days = PyLong_CheckExact(ordinal) ? PyLong_AsLongLong(ordinal) : -1;
    Py_DECREF(ordinal);
    if (days == -1 && PyErr_Occurred())
        PyErr_Clear();
    if (days < 0 || days >= (1LL << 21)) /* the place would not fit its word */
        return 0;

    PyObject *got[5] = {NULL, NULL, NULL, NULL, NULL}; /* file letters sheet column row */
    PyObject *names[5] = {s_file, s_letters, s_sheet, s_column, s_row};
    int result = 0;
    for (int k = 0; k < 5; k++) {
        got[k] = PyObject_GetAttr(where, names[k]);
        if (got[k] == NULL) {
            PyErr_Clear(); /* not a location: CandidateStore.add says so */
            goto done;
        }
    }
    long long row_number = 0;
    if (got[4] != Py_None) {
        if (!PyLong_CheckExact(got[4]))
            goto done;
        row_number = PyLong_AsLongLong(got[4]);
        if (row_number == -1 && PyErr_Occurred()) {
            PyErr_Clear();
            goto done;
        }
    }
    if (row_number < 0 || row_number > 0x7FFFFFFFLL || got[3] != Py_None)
        goto done;

    /* the store's own objects: nothing below calls out until they are used */
    PyObject *numbered = item(store, s_numbers), *parts = item(store, s_parts);
    PyObject *label_index = item(store, s_label_index), *count = item(store, s_count);
    PyObject *source = item(store, s_last_source), *places = item(store, s_places);
    PyObject *amounts = item(store, s_amounts), *ids = item(store, s_ids);
    PyObject *arena = item(store, s_arena), *labels = item(store, s_labels);
    if (PyErr_Occurred()) {
        result = -1;
        goto done;
    }
    if (got[0] != item(store, s_last_file) || got[1] != item(store, s_last_letters)
        || got[2] != item(store, s_last_sheet) || PyErr_Occurred()) {
        result = PyErr_Occurred() ? -1 : 0;
        goto done;
    }
    if (numbered == NULL || !PyList_CheckExact(numbered) || PyList_GET_SIZE(numbered) != 2
        || parts == NULL || !PyList_CheckExact(parts) || PyList_GET_SIZE(parts) != 2
        || label_index == NULL || !PyDict_CheckExact(label_index) || count == NULL
        || !PyLong_CheckExact(count) || source == NULL || !PyLong_CheckExact(source)
        || places == NULL || amounts == NULL || ids == NULL || labels == NULL
        || arena == NULL || !PyByteArray_CheckExact(arena))
        goto done;
    long source_number = PyLong_AsLong(source);
    if (source_number < 0 || source_number > 0xFFF) {
        PyErr_Clear();
        goto done;
    }
    Py_ssize_t used = PyByteArray_GET_SIZE(arena);
    if ((unsigned long long)used >= (1ULL << 48))
        goto done;
    PyObject *numbers[2];
    for (int k = 0; k < 2; k++) {
        PyObject *values = PyList_GET_ITEM(numbered, k);
        if (!PyDict_CheckExact(values) || !PyUnicode_CheckExact(PyTuple_GET_ITEM(key, k)))
            goto done;
        numbers[k] = PyDict_GetItemWithError(values, PyTuple_GET_ITEM(key, k));
        if (numbers[k] == NULL) {
            result = PyErr_Occurred() ? -1 : 0;
            goto done;
        }
    }
    PyObject *index = PyUnicode_CheckExact(label) ? PyDict_GetItemWithError(label_index, label)
                                                  : NULL;
    if (index == NULL) {
        result = PyErr_Occurred() ? -1 : 0;
        goto done;
    }

    /* the usual case: count it, then append to every array, as CandidateStore.add */
    result = -1;
    PyObject *one = PyLong_FromLong(1);
    PyObject *more = one ? PyNumber_Add(count, one) : NULL;
    Py_XDECREF(one);
    if (more == NULL)
        goto done;
    int failed = PyDict_SetItem(store, s_count, more) < 0;
    Py_DECREF(more);
    if (failed || append_object(PyList_GET_ITEM(parts, 0), numbers[0]) < 0
        || append_object(PyList_GET_ITEM(parts, 1), numbers[1]) < 0
        || append_number(places, (unsigned long long)days << 43
                                     | (unsigned long long)source_number << 31
                                     | (unsigned long long)row_number) < 0
        || append_number(amounts, packed) < 0
        || append_number(ids, (unsigned long long)used << 16 | (unsigned long long)size) < 0
        || PyByteArray_Resize(arena, used + size) < 0)
        goto done;
    memcpy(PyByteArray_AS_STRING(arena) + used, data, (size_t)size);
    if (append_object(labels, index) < 0)
        goto done;
    result = 1;
done:
    for (int k = 0; k < 5; k++)
        Py_XDECREF(got[k]);
    return result;
}

static PyObject *
speedups_add_candidate(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 7) {
        PyErr_SetString(PyExc_TypeError,
                        "add_candidate(store, key, day, ident, amount, where, label)");
        return NULL;
    }
    int added = 0;
    if (candidate_store_type != NULL && Py_TYPE(args[0]) == (PyTypeObject *)candidate_store_type) {
        PyObject *store = PyObject_GenericGetDict(args[0], NULL);
        if (store == NULL)
            return NULL;
        if (PyDict_CheckExact(store))
            added = add_candidate(store, args[1], args[2], args[3], args[4], args[5], args[6]);
        Py_DECREF(store);
    }
    if (added < 0)
        return NULL;
    if (added)
        Py_RETURN_NONE;
    return PyObject_VectorcallMethod(s_add, (PyObject *[]){args[0], args[1], args[2], args[3],
                                                           args[4], args[5], args[6]},
                                     7, NULL);
}

static PyObject *
speedups_add_key(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *table, *key, *file, *row;
    if (!PyArg_ParseTuple(args, "OOOO:add_key", &table, &key, &file, &row))
        return NULL;
    PyObject *keys = PyObject_GetAttrString(table, "__dict__");
    if (keys == NULL)
        return NULL;
    Py_ssize_t entry;
    int added = add_key(table, keys, key, file, row, &entry);
    Py_DECREF(keys);
    switch (added) {
    case KEY_NEW:
        Py_RETURN_NONE;
    case KEY_SEEN:
        return PyObject_CallMethod(table, "_place", "n", entry);
    case KEY_ERROR:
        return NULL;
    default:
        return PyObject_CallMethod(table, "add", "OOO", key, file, row);
    }
}

static PyObject *
speedups_use_candidate_store(PyObject *module, PyObject *store_type)
{
    (void)module;
    if (!PyType_Check(store_type)) {
        PyErr_SetString(PyExc_TypeError, "use_candidate_store takes the CandidateStore class");
        return NULL;
    }
    Py_XSETREF(candidate_store_type, Py_NewRef(store_type));
    Py_RETURN_NONE;
}

static PyMethodDef speedups_methods[] = {
    {"use_candidate_store", speedups_use_candidate_store, METH_O,
     "use_candidate_store(cls)\n--\n\n"
     "The class whose instances add_candidate adds to in C (CandidateStore; any other\n"
     "store, a subclass included, has its own add called)."},
    {"add_candidate", (PyCFunction)(void (*)(void))speedups_add_candidate, METH_FASTCALL,
     "add_candidate(store, key, day, ident, amount, where, label)\n--\n\n"
     "``store.add(key, day, ident, amount, where, label)`` for a CandidateStore, the\n"
     "usual case done in C (PRC005's candidates)."},
    {"add_key", speedups_add_key, METH_VARARGS,
     "add_key(keys, key, file, row)\n--\n\n"
     "What ``keys.add(key, file, row)`` gives and does, the usual case done in C as a\n"
     "RowConverter does it (for the tests)."},
    {"common_amount", speedups_common_amount, METH_VARARGS,
     "common_amount(text, units, decimal)\n--\n\n"
     "The amount a RowConverter reads from ``text`` by itself, or None when it leaves\n"
     "the text to the Python amount parser (for the tests)."},
    {NULL},
};

static struct PyModuleDef speedups_module = {
    PyModuleDef_HEAD_INIT,
    .m_methods = speedups_methods,
    .m_name = "rectikit._speedups",
    .m_doc = "The row converter of a big table, in C (optional; see readers/compiled.py).",
    .m_size = -1,
};

static int
intern_names(void)
{
    struct {
        PyObject **name;
        const char *text;
    } names[] = {
        {&s_slots, "_slots"},     {&s_mask, "_mask"},   {&s_hashes, "_hashes"},
        {&s_ends, "_ends"},       {&s_rows, "_rows"},   {&s_arena, "_arena"},
        {&s_last_file, "_last_file"}, {&s_spilled, "_spilled"}, {&s_other, "_other"},
        {&s_place, "_place"},     {&s_grow, "_grow"},   {&s_append, "append"},
        {&s_filter, "filter"},
        {&s_count, "count"},      {&s_numbers, "_numbers"}, {&s_parts, "_parts"},
        {&s_places, "_places"},   {&s_amounts, "_amounts"}, {&s_ids, "_ids"},
        {&s_labels, "_labels"},   {&s_label_index, "_label_index"},
        {&s_last_letters, "_last_letters"}, {&s_last_sheet, "_last_sheet"},
        {&s_last_source, "_last_source"}, {&s_toordinal, "toordinal"}, {&s_file, "file"},
        {&s_row, "row"},          {&s_column, "column"}, {&s_sheet, "sheet"},
        {&s_letters, "letters"},  {&s_add, "add"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (*names[i].name == NULL) {
            *names[i].name = PyUnicode_InternFromString(names[i].text);
            if (*names[i].name == NULL)
                return -1;
        }
    }
    if (decimal_type == NULL) {
        PyObject *decimal = PyImport_ImportModule("decimal");
        if (decimal == NULL)
            return -1;
        decimal_type = PyObject_GetAttrString(decimal, "Decimal");
        Py_DECREF(decimal);
        if (decimal_type == NULL)
            return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit__speedups(void)
{
    if (intern_names() < 0 || PyType_Ready(&RowConverter_Type) < 0)
        return NULL;
    PyObject *module = PyModule_Create(&speedups_module);
    if (module == NULL)
        return NULL;
    Py_INCREF(&RowConverter_Type);
    if (PyModule_AddObject(module, "RowConverter", (PyObject *)&RowConverter_Type) < 0) {
        Py_DECREF(&RowConverter_Type);
        Py_DECREF(module);
        return NULL;
    }
    if (PyModule_AddIntConstant(module, "OP_TEXT", OP_TEXT) < 0
        || PyModule_AddIntConstant(module, "OP_MEMO", OP_MEMO) < 0
        || PyModule_AddIntConstant(module, "OP_AMOUNT", OP_AMOUNT) < 0
        || PyModule_AddIntConstant(module, "OP_TRIM", OP_TRIM) < 0
        || PyModule_AddIntConstant(module, "MAX_COLUMNS", MAX_STACK_COLUMNS) < 0
        || PyModule_AddIntConstant(module, "F_CONST", F_CONST) < 0
        || PyModule_AddIntConstant(module, "F_VAR", F_VAR) < 0
        || PyModule_AddIntConstant(module, "F_ROW", F_ROW) < 0
        || PyModule_AddIntConstant(module, "F_LOC", F_LOC) < 0
        || PyModule_AddIntConstant(module, "F_NEWDICT", F_NEWDICT) < 0
        || PyModule_AddIntConstant(module, "F_EXTRA", F_EXTRA) < 0
        || PyModule_AddIntConstant(module, "F_FACTORY", F_FACTORY) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
