"""Wording of the framework file's problems: the YAML loader, the parindex workbook reader,
the core's validation and its rules, and the file as a whole.

The core and the readers give a code with parameters; a code that reads differently by case
has a ``variant`` parameter (the JSON Schema keyword for ``schema``), and its sentence is the
entry ``code:variant``. The msgids are Vietnamese; their English is in the `parindex`
catalogue. :func:`parindex.presentation.text.problem_text` puts the place in front.
"""

from __future__ import annotations

from parindex.i18n import Message, gettext_noop

FRAMEWORK_PROBLEMS: dict[str, Message] = {
    # --- the file as a whole --------------------------------------------------------------
    "file_kind": gettext_noop("chỉ nhận tệp .yaml, .xlsx hoặc .docx"),
    "file_encoding": gettext_noop(
        "tệp không phải văn bản UTF-8; hãy lưu lại tệp với bảng mã UTF-8"
    ),
    "table_identity": gettext_noop(
        "bảng tiêu chí không ghi mã, tên, phiên bản, năm áp dụng, loại đơn vị và căn cứ pháp "
        "lý của bộ tiêu chí: hãy nhập các mục này"
    ),
    # --- YAML syntax ----------------------------------------------------------------------
    "yaml_syntax:duplicate_key": gettext_noop(
        "mục «{key}» được ghi hai lần; mỗi mục chỉ ghi một lần"
    ),
    "yaml_syntax:tab": gettext_noop(
        "dòng này thụt lề bằng ký tự Tab; trong tệp YAML hãy thụt lề bằng dấu cách"
    ),
    "yaml_syntax:not_finite": gettext_noop("«{value}» không phải là một số"),
    "yaml_syntax:key_not_text": gettext_noop("tên mục phải là chữ"),
    "yaml_syntax:colon": gettext_noop(
        "sai cú pháp YAML: thụt lề không đúng hoặc thiếu dấu cách sau dấu «:»; nội dung có "
        "dấu «:» thì đặt trong ngoặc kép"
    ),
    "yaml_syntax:bracket": gettext_noop("sai cú pháp YAML: thiếu dấu đóng ngoặc «]» hoặc «}}»"),
    "yaml_syntax:end": gettext_noop(
        "tệp kết thúc giữa chừng: thiếu dấu đóng ngoặc «]» hoặc «}}» hay phần nội dung còn lại"
    ),
    "yaml_syntax:block_end": gettext_noop(
        "sai cú pháp YAML: thụt lề không đúng, hoặc có dấu ngoặc kép mở ở dòng trên mà chưa đóng"
    ),
    "yaml_syntax:other": gettext_noop("sai cú pháp YAML ({detail})"),
    "not_mapping": gettext_noop(
        "tệp không phải là bộ tiêu chí: cần các mục schema, code, title, version, blocks, "
        "nodes ở đầu dòng"
    ),
    # --- the format (JSON Schema), by keyword ---------------------------------------------
    "schema:required": gettext_noop("thiếu mục bắt buộc «{property}»"),
    "schema:cell": gettext_noop("ô trống: cột này bắt buộc phải có giá trị"),
    "schema:field": gettext_noop(
        "thiếu trường «{property}»: hãy thêm một dòng «{property}» và ghi giá trị của nó"
    ),
    "schema:additionalProperties": gettext_noop(
        "mục {properties} không có trong mẫu bộ tiêu chí (kiểm tra lỗi chính tả)"
    ),
    "schema:type": gettext_noop("«{field}» phải là {expected_text}, không phải «{value}»"),
    "schema:type_shape": gettext_noop("«{field}» phải là {expected_text}"),
    "schema:comma_decimal": gettext_noop(
        "«{value}» viết dấu phẩy thập phân; trong tệp YAML số thập phân viết bằng dấu chấm: "
        "hãy sửa thành {fix}"
    ),
    "schema:enum": gettext_noop(
        "«{value}» không phải giá trị được dùng; hãy chọn một trong: {expected}"
    ),
    "schema:const": gettext_noop("«{field}» phải là «{expected}»"),
    "schema:pattern": gettext_noop(
        "«{value}» không đúng dạng: chỉ dùng chữ cái không dấu, chữ số và các dấu «.», «_», «-»"
    ),
    "schema:minLength": gettext_noop("«{field}» không được để trống"),
    "schema:maxLength": gettext_noop("«{field}» dài quá {limit} ký tự"),
    "schema:minItems": gettext_noop("«{field}» cần ít nhất {limit} mục"),
    "schema:minimum": gettext_noop("«{field}» phải từ {limit} trở lên, không phải {value}"),
    "schema:other": gettext_noop("giá trị của «{path}» không hợp lệ"),
    # --- the tree -------------------------------------------------------------------------
    "unknown_block": gettext_noop(
        "tiêu chí {code} ghi khối điểm «{block}», nhưng bộ tiêu chí không có khối điểm này"
    ),
    "choice_options:missing": gettext_noop(
        "số liệu «{input}» của tiêu chí {code} là loại lựa chọn nên cần danh sách các lựa chọn"
    ),
    "choice_options:english": gettext_noop(
        "số liệu «{input}» của tiêu chí {code} có {found} lựa chọn tiếng Anh cho {expected} lựa "
        "chọn; ghi mỗi lựa chọn một tên tiếng Anh, cùng thứ tự"
    ),
    "choice_options:differ": gettext_noop(
        "điểm của cách tính «choice» ở tiêu chí {code} ghi cho các lựa chọn {options}, khác các "
        "lựa chọn {choices} của số liệu «{input}»"
    ),
    "rule_on_parent": gettext_noop(
        "tiêu chí {code} có tiêu chí con nên không ghi cách tính điểm; chỉ tiêu chí không có "
        "tiêu chí con mới có cách tính điểm"
    ),
    "rule_missing": gettext_noop(
        "tiêu chí {code} chưa có cách tính điểm; nếu chấm bằng tay, hãy ghi «manual»"
    ),
    # --- the rules ------------------------------------------------------------------------
    "rule_missing_input": gettext_noop(
        "cách tính «{rule}» của tiêu chí {code} cần số liệu «{key}»"
    ),
    "rule_bad_input": gettext_noop(
        "cách tính «{rule}» của tiêu chí {code}: «{key}» phải là tên của một số liệu đầu vào"
    ),
    "unknown_input": gettext_noop(
        "cách tính «{rule}» của tiêu chí {code} dùng số liệu «{input}», nhưng tiêu chí không "
        "khai báo số liệu này"
    ),
    "input_kind": gettext_noop(
        "cách tính «{rule}» của tiêu chí {code}: số liệu «{input}» thuộc loại «{kind}», cần "
        "loại {expected}"
    ),
    "rule_bad_number": gettext_noop(
        "cách tính «{rule}» của tiêu chí {code}: «{key}» phải là số, không phải «{value}»"
    ),
    "rule_bad_number:comma_decimal": gettext_noop(
        "cách tính «{rule}» của tiêu chí {code}: «{value}» viết dấu phẩy thập phân; trong tham "
        "số số thập phân viết bằng dấu chấm: {key}: {fix}"
    ),
    "rule_points_range": gettext_noop(
        "cách tính «{rule}» của tiêu chí {code}: «{key}» bằng {value}, nằm ngoài khoảng từ 0 "
        "đến {max} điểm"
    ),
    "rule_missing_param": gettext_noop(
        "cách tính «{rule}» của tiêu chí {code} thiếu tham số «{key}»"
    ),
    "formula_invalid": gettext_noop(
        "công thức «{expr}» của tiêu chí {code} không dùng được ({error})"
    ),
    "band_bad": gettext_noop("mức {band} của tiêu chí {code}: «from» và «to» phải là số"),
    "band_empty": gettext_noop(
        "mức {band} của tiêu chí {code}: «from» ({low}) phải nhỏ hơn «to» ({high})"
    ),
    "bands_overlap": gettext_noop(
        "các mức của tiêu chí {code} chồng lên nhau: {first} và {second}"
    ),
    "bands_gap:between": gettext_noop(
        "các mức của tiêu chí {code} để hở khoảng từ {low} đến {high}"
    ),
    "bands_gap:below": gettext_noop(
        "các mức của tiêu chí {code} không có tỷ lệ dưới {low}: mức thấp nhất phải bắt đầu từ 0"
    ),
    "bands_gap:above": gettext_noop(
        "các mức của tiêu chí {code} không có tỷ lệ từ {high} trở lên: mức cao nhất phải để "
        "trống «to» hoặc vượt quá 100"
    ),
    "rule_bad_target": gettext_noop(
        "cách tính «{rule}» của tiêu chí {code}: mức «target» {target} phải lớn hơn 0 và không "
        "quá 100"
    ),
    # --- the parindex workbook ------------------------------------------------------------
    "xlsx_unreadable:not_found": gettext_noop("không tìm thấy tệp"),
    "xlsx_unreadable:directory": gettext_noop("đây là thư mục, không phải sổ Excel"),
    "xlsx_unreadable:permission": gettext_noop("không có quyền đọc tệp"),
    "xlsx_unreadable:not_xlsx": gettext_noop(
        "không phải sổ Excel (.xlsx); hãy lưu lại dạng «Excel Workbook (*.xlsx)»"
    ),
    "xlsx_missing_sheet": gettext_noop(
        "thiếu trang tính «{missing}»; sổ có các trang tính: {sheets}"
    ),
    "xlsx_header:no_header": gettext_noop(
        "không thấy dòng tiêu đề trong 10 dòng đầu: cột đầu tiên phải có tiêu đề «{heading}»"
    ),
    "xlsx_header:unknown": gettext_noop(
        "tiêu đề cột không có trong mẫu; các tiêu đề được dùng: {accepted}"
    ),
    "xlsx_header:twice": gettext_noop("cột này trùng với một cột đã có; mỗi cột chỉ ghi một lần"),
    "xlsx_header:missing": gettext_noop("thiếu cột «{heading}»"),
    "xlsx_identity:no_field": gettext_noop("dòng có giá trị nhưng chưa ghi tên trường"),
    "xlsx_identity:unknown_field": gettext_noop(
        "trường «{value}» không có trong mẫu; các trường: {fields}"
    ),
    "xlsx_identity:repeats": gettext_noop("trường «{value}» đã ghi ở dòng {first_row}"),
    "xlsx_not_year": gettext_noop(
        "«{value}» không phải là năm; viết các năm cách nhau bằng dấu phẩy, ví dụ 2025, 2026"
    ),
    "xlsx_empty:code": gettext_noop("ô trống: dòng nào cũng cần có mã tiêu chí"),
    "xlsx_empty:source": gettext_noop("ô trống: nguồn cần có mã nguồn"),
    "xlsx_duplicate": gettext_noop("mã nguồn «{value}» đã có ở một dòng trên"),
    "xlsx_not_number": gettext_noop("«{value}» không phải là số; viết điểm dạng 1,5 hoặc 1.5"),
    "xlsx_not_yes_no": gettext_noop("«{value}» không phải «có» hoặc «không»"),
    "xlsx_date": gettext_noop(
        "Excel đã đổi mã thành ngày ({date}); hãy định dạng cột là Văn bản (Text) rồi gõ lại mã"
    ),
    "xlsx_unknown_parent": gettext_noop(
        "tiêu chí {code} ghi mã cha «{parent}», nhưng không dòng nào có mã «{parent}»"
    ),
    "xlsx_parent_loop": gettext_noop(
        "mã cha «{parent}» dẫn ngược về chính dòng này: các dòng tạo thành vòng lặp"
    ),
    "xlsx_bad_input:line": gettext_noop(
        "dòng {input_line} «{text}» không đúng dạng «tên (loại): tên số liệu [đơn vị]»"
    ),
    "xlsx_bad_input:twice": gettext_noop("số liệu «{input}» được khai báo hai lần"),
    "xlsx_bad_params:comma_decimal": gettext_noop(
        "«{value}» viết dấu phẩy thập phân; trong ô tham số số thập phân viết bằng dấu chấm: "
        "hãy sửa thành {fix}"
    ),
    "xlsx_bad_params:unreadable": gettext_noop(
        "không đọc được tham số «{value}»; hãy viết dạng numerator: on_time, denominator: total"
    ),
    "xlsx_bad_params:not_mapping": gettext_noop(
        "tham số «{value}» phải có dạng tên: giá trị, tên: giá trị"
    ),
    "xlsx_bad_params:kind_differs": gettext_noop(
        "tham số ghi kind «{kind}», khác cách tính «{rule}» ở cột cách tính điểm"
    ),
    "xlsx_bad_params:no_kind": gettext_noop("có tham số nhưng chưa ghi cách tính điểm"),
    "xlsx_merged_cell": gettext_noop(
        "ô trống vì thuộc vùng gộp ô {range} (giá trị chỉ ghi ở ô {origin}): hãy bỏ gộp ô và "
        "ghi giá trị vào từng dòng"
    ),
}

#: What a value must be (the JSON Schema types), as ``schema:type`` says it.
TYPE_WORDS: dict[str, Message] = {
    "number": gettext_noop("một số"),
    "integer": gettext_noop("một số nguyên"),
    "string": gettext_noop("chữ (văn bản)"),
    "array": gettext_noop("một danh sách"),
    "object": gettext_noop("một nhóm mục «tên: giá trị»"),
    "boolean": gettext_noop("true hoặc false"),
}
