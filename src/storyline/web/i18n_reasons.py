"""The Russian words of every rejection code (`storyline.reasons.REASONS` holds the
English ones, which are also the words the ingest stores).

Part of the web's strings (`i18n.py` reads it through `Strings.reason`); kept in a
file of its own because there are many. A template takes the code's parameters
by name; `tests/web/test_i18n.py` fails on a code without a Russian template, on a
template naming a parameter its code does not carry, and on one left over from a
code that is gone. A free-form `{detail}` (an exception's message, a parser's
complaint) stays English: no translation of it exists.
"""

from __future__ import annotations

REASONS_RU: dict[str, str] = {
    # a source as a whole
    "no_such_file": "нет такого файла или папки",
    "not_regular_file": "не обычный файл",
    "empty_dir": "папка пуста",
    "cannot_read": "не удалось прочитать: {detail}",
    "cannot_read_dir": "не удалось прочитать папку: {detail}",
    "read_error": "ошибка чтения: {detail}",
    "unexpected_error": "непредвиденная ошибка: {type}: {detail}",
    "malformed_url": "неверный адрес: {detail}",
    "unsupported_scheme": "схема адреса «{scheme}» не поддерживается (только http и https)",
    "fetch_failed": "не удалось загрузить: {detail}",
    "fetch_http": "не удалось загрузить: сервер ответил кодом HTTP {status}",
    # bytes to text
    "binary_file": "двоичные данные (нулевые байты), а не текстовый файл",
    "binary_text": "двоичные данные (управляющие символы), а не текстовый файл",
    "undecodable": "байты не читаются ни как UTF-8, ни как правдоподобный текст в Windows-1251",
    "broken_utf16": "байты не читаются: испорченный UTF-16",
    "utf16_lines": "текст в UTF-16 не поддерживается в построчных файлах (JSON Lines, CSV); сохраните его в UTF-8",
    "file_too_large": "файл больше {limit} байт",
    "empty_file": "пустой файл",
    # JSON and JSON Lines
    "json_too_large": "файл JSON больше {limit} байт; разделите его или используйте JSON Lines",
    "line_too_long": "строка длиннее {limit} байт",
    "malformed_json": "неверный JSON: {detail}",
    "not_object": "ожидался объект JSON, а пришло: {kind}",
    "empty_jsonl": "пустой файл: в нём нет строк JSON",
    "empty_json_array": "пустой массив JSON: в нём нет статей",
    # CSV
    "csv_no_header": "в файле CSV нет строки заголовка",
    "csv_header_too_long": "строка заголовка CSV слишком длинная",
    "csv_bad_header": "неверный заголовок CSV: {detail}",
    "csv_header_undecodable": "нечитаемые байты в заголовке CSV",
    "csv_no_text_column": "в заголовке CSV нет столбца «text» (столбцы: {columns})",
    "csv_duplicate_column": "в заголовке CSV один столбец назван дважды",
    "csv_no_rows": "в файле CSV есть заголовок, но нет строк",
    "csv_line_too_long": "строка длиннее {limit} символов",
    "csv_unclosed_quote": "незакрытая кавычка: ячейка в кавычках захватывает следующие строки",
    "malformed_csv": "неверный CSV: {detail}",
    "csv_field_count": "полей в строке: {fields}, а в заголовке: {header}",
    "csv_row_undecodable": "нечитаемые байты в строке",
    # HTML pages and feeds
    "html_too_large": "страница HTML больше {limit} байт",
    "html_binary": "двоичные данные (нулевые байты), а не страница HTML",
    "no_main_text": "на странице HTML не найден основной текст",
    "feed_too_large": "лента больше {limit} байт",
    "feed_empty": "в ленте нет записей",
    "feed_unreadable": "в ленте нет записей: {detail}",
    "entry_no_text": "у записи ленты нет ни текста, ни ссылки, откуда его взять",
    "entry_timeout": "страница записи {link} не загружена за отведённые ленте {limit} с",
    "entry_fetch_failed": "не удалось загрузить страницу записи {link}: {detail}",
    "entry_fetch_http": "не удалось загрузить страницу записи {link}: сервер ответил кодом HTTP {status}",
    "entry_too_large": "страница записи {link} больше {limit} байт",
    "entry_no_main_text": "на странице {link} не найден основной текст",
    "entry_not_html": "страница записи {link} не HTML ({type})",
    # a watched source
    "source_fetch_failed": "источник не загружен: {detail}",
    "source_fetch_http": "источник не загружен: сервер ответил кодом HTTP {status}",
    "not_a_feed": "лента не прочитана: {detail}",
    # one record's fields
    "empty_text": "пустое поле «text»",
    "blank_text": "пустое поле «text» (одни пробелы)",
    "missing_field": "нет поля «{field}»",
    "missing_field_alias": "нет поля «{field}» (есть «{alias}»: переименуйте его в «{field}»)",
    "not_a_string": "поле «{field}» должно быть строкой, а не {type}",
    "text_over_limit": "текст больше предела в {limit} байт (max_bytes)",
    "text_size": "в тексте {size} байт, больше предела в {limit} (max_bytes)",
    "lone_surrogates": "в тексте неверный Юникод (одиночные суррогаты)",
    "no_letters": "в поле «text» нет ни букв, ни цифр",
    "entity_only": "поле «text» — лишь нераскрытая ссылка на сущность XML ({sample})",
    "id_type": "поле «id» должно быть строкой или целым числом, а не {type}",
    "id_too_long": "поле «id» длиннее {limit} символов",
    "id_format_char": "в поле «id» есть невидимые символы или символы направления письма ({char})",
    "id_control_char": "в поле «id» есть управляющие символы ({char})",
    "bad_date": "дата публикации «{value}» не читается",
    "date_out_of_range": "у даты публикации «{value}» год {year}, вне {min}–{max}",
    # against what is stored
    "id_reused": "id {id} уже занят другим текстом",
}
