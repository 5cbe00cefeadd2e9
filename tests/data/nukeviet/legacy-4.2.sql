-- A NukeViet 4.2 news module: the tables the migration reads, in the layout used
-- before 4.3. Bodies are not in `_detail` but in `_bodyhtml_{n}`, 2,000 ids per table
-- (id in table ceil(id / 2000)), with `_bodytext` holding a plain-text copy (not
-- read); tags have no `title` column. Columns the migration does not read are left
-- out of `_cat`, `_rows` and `_tags`. tests/it/nukeviet_legacy.rs renames `nv4_` to
-- a fresh prefix per run. Statements end with a `;` at the end of a line.

CREATE TABLE nv4_vi_news_cat (
  catid smallint(5) unsigned NOT NULL AUTO_INCREMENT,
  parentid smallint(5) unsigned NOT NULL DEFAULT 0,
  title varchar(250) NOT NULL,
  alias varchar(250) NOT NULL DEFAULT '',
  weight smallint(5) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (catid),
  UNIQUE KEY alias (alias)
) ENGINE=MyISAM DEFAULT CHARSET=utf8;
CREATE TABLE nv4_vi_news_sources (
  sourceid mediumint(8) unsigned NOT NULL AUTO_INCREMENT,
  title varchar(250) NOT NULL DEFAULT '',
  link varchar(255) DEFAULT '',
  logo varchar(255) DEFAULT '',
  weight mediumint(8) unsigned NOT NULL DEFAULT 0,
  add_time int(11) unsigned NOT NULL,
  edit_time int(11) unsigned NOT NULL,
  PRIMARY KEY (sourceid)
) ENGINE=MyISAM DEFAULT CHARSET=utf8;
CREATE TABLE nv4_vi_news_topics (
  topicid smallint(5) unsigned NOT NULL AUTO_INCREMENT,
  title varchar(250) NOT NULL DEFAULT '',
  alias varchar(250) NOT NULL DEFAULT '',
  weight smallint(5) NOT NULL DEFAULT 0,
  PRIMARY KEY (topicid)
) ENGINE=MyISAM DEFAULT CHARSET=utf8;
CREATE TABLE nv4_vi_news_block_cat (
  bid smallint(5) unsigned NOT NULL AUTO_INCREMENT,
  title varchar(250) NOT NULL DEFAULT '',
  alias varchar(250) NOT NULL DEFAULT '',
  weight smallint(5) NOT NULL DEFAULT 0,
  PRIMARY KEY (bid)
) ENGINE=MyISAM DEFAULT CHARSET=utf8;
CREATE TABLE nv4_vi_news_block (
  bid smallint(5) unsigned NOT NULL,
  id int(11) unsigned NOT NULL,
  weight int(11) unsigned NOT NULL,
  UNIQUE KEY bid (bid, id)
) ENGINE=MyISAM DEFAULT CHARSET=utf8;
CREATE TABLE nv4_vi_news_rows (
  id int(11) unsigned NOT NULL AUTO_INCREMENT,
  catid smallint(5) unsigned NOT NULL DEFAULT 0,
  listcatid varchar(255) NOT NULL DEFAULT '',
  topicid smallint(5) unsigned NOT NULL DEFAULT 0,
  admin_id mediumint(8) unsigned NOT NULL DEFAULT 0,
  author varchar(250) DEFAULT '',
  sourceid mediumint(8) NOT NULL DEFAULT 0,
  addtime int(11) unsigned NOT NULL DEFAULT 0,
  edittime int(11) unsigned NOT NULL DEFAULT 0,
  status tinyint(4) NOT NULL DEFAULT 1,
  publtime int(11) unsigned NOT NULL DEFAULT 0,
  exptime int(11) unsigned NOT NULL DEFAULT 0,
  archive tinyint(1) unsigned NOT NULL DEFAULT 0,
  title varchar(250) NOT NULL DEFAULT '',
  alias varchar(250) NOT NULL DEFAULT '',
  hometext text NOT NULL,
  homeimgfile varchar(255) DEFAULT '',
  homeimgalt varchar(255) DEFAULT '',
  homeimgthumb tinyint(4) NOT NULL DEFAULT 0,
  inhome tinyint(1) unsigned NOT NULL DEFAULT 0,
  hitstotal mediumint(8) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id)
) ENGINE=MyISAM DEFAULT CHARSET=utf8;
CREATE TABLE nv4_vi_news_bodytext (
  id int(11) unsigned NOT NULL,
  bodytext mediumtext NOT NULL,
  PRIMARY KEY (id)
) ENGINE=MyISAM DEFAULT CHARSET=utf8;
CREATE TABLE nv4_vi_news_bodyhtml_1 (
  id int(11) unsigned NOT NULL,
  bodyhtml longtext NOT NULL,
  sourcetext varchar(255) DEFAULT '',
  imgposition tinyint(1) NOT NULL DEFAULT 1,
  copyright tinyint(1) NOT NULL DEFAULT 0,
  allowed_send tinyint(1) NOT NULL DEFAULT 0,
  allowed_print tinyint(1) NOT NULL DEFAULT 0,
  allowed_save tinyint(1) NOT NULL DEFAULT 0,
  gid mediumint(9) NOT NULL DEFAULT 0,
  PRIMARY KEY (id)
) ENGINE=MyISAM DEFAULT CHARSET=utf8;
CREATE TABLE nv4_vi_news_bodyhtml_2 (
  id int(11) unsigned NOT NULL,
  bodyhtml longtext NOT NULL,
  sourcetext varchar(255) DEFAULT '',
  imgposition tinyint(1) NOT NULL DEFAULT 1,
  copyright tinyint(1) NOT NULL DEFAULT 0,
  allowed_send tinyint(1) NOT NULL DEFAULT 0,
  allowed_print tinyint(1) NOT NULL DEFAULT 0,
  allowed_save tinyint(1) NOT NULL DEFAULT 0,
  gid mediumint(9) NOT NULL DEFAULT 0,
  PRIMARY KEY (id)
) ENGINE=MyISAM DEFAULT CHARSET=utf8;
CREATE TABLE nv4_vi_news_tags (
  tid mediumint(8) unsigned NOT NULL AUTO_INCREMENT,
  numnews mediumint(8) NOT NULL DEFAULT 0,
  alias varchar(250) NOT NULL DEFAULT '',
  image varchar(255) DEFAULT '',
  description text,
  keywords varchar(255) DEFAULT '',
  PRIMARY KEY (tid),
  UNIQUE KEY alias (alias)
) ENGINE=MyISAM DEFAULT CHARSET=utf8;
CREATE TABLE nv4_vi_news_tags_id (
  id int(11) NOT NULL,
  tid mediumint(9) NOT NULL,
  keyword varchar(65) NOT NULL,
  UNIQUE KEY id_tid (id, tid)
) ENGINE=MyISAM DEFAULT CHARSET=utf8;

INSERT INTO nv4_vi_news_cat (catid, parentid, title, alias, weight) VALUES
(1, 0, 'Tin tức', 'tin-tuc', 1),
(2, 0, 'Văn bản', 'van-ban', 2);
INSERT INTO nv4_vi_news_sources (sourceid, title, link, weight, add_time, edit_time) VALUES
(1, 'Báo Chính phủ', 'baochinhphu.vn', 1, 1480000000, 1480000000);
INSERT INTO nv4_vi_news_topics (topicid, title, alias, weight) VALUES
(1, 'Đại hội Đảng bộ', 'dai-hoi-dang-bo', 1);
INSERT INTO nv4_vi_news_block_cat (bid, title, alias, weight) VALUES
(1, 'Tin tiêu điểm', 'tin-tieu-diem', 1);
INSERT INTO nv4_vi_news_block (bid, id, weight) VALUES
(1, 2001, 1),
(1, 1, 2);
INSERT INTO nv4_vi_news_tags (tid, numnews, alias, keywords) VALUES
(1, 2, 'cải-cách', 'cải cách');
INSERT INTO nv4_vi_news_tags_id (id, tid, keyword) VALUES
(1, 1, 'cải cách'),
(2002, 1, 'cải cách');

-- 1: table 1. 2001: table 2. 2002: table 2 has no row (a stray row 2002 sits in
-- table 1, where NukeViet does not look). 4001: table 3 does not exist.
-- Times: 2017-03-01 08:00, 2017-03-01 10:00, 2017-05-10 07:00, 2017-05-10 09:00,
-- 2017-06-01 15:30 at +07:00.
INSERT INTO nv4_vi_news_rows (id, catid, listcatid, topicid, admin_id, author, sourceid,
  addtime, edittime, status, publtime, exptime, archive, title, alias, hometext,
  homeimgfile, homeimgalt, homeimgthumb, inhome, hitstotal) VALUES
(1, 1, '1,2', 1, 1, 'Lê Văn Hùng', 1, 1488330000, 1488337200, 1, 1488330000, 0, 0,
 'Thông báo 01&#x002F;TB-UBND &#40;bổ sung&#41;', 'thong-bao-01-tb-ubnd',
 'Ủy ban nhân dân tỉnh thông báo bổ sung.', '2017_03/hoi-nghi.jpg', 'Hội nghị', 1, 1, 57),
(2001, 1, '1', 0, 1, '', 0, 1494374400, 0, 1, 1494374400, 0, 0,
 'Tin số 2001', 'tin-so-2001', '', '', '', 0, 1, 3),
(2002, 2, '2', 0, 1, '', 0, 1494381600, 0, 1, 1494381600, 0, 0,
 'Tin không còn nội dung', 'tin-khong-con-noi-dung', 'Phần mở đầu vẫn còn.',
 'https://example.gov.vn/anh.jpg', '', 3, 1, 0),
(4001, 1, '1', 0, 1, '', 0, 1496305800, 0, 1, 1496305800, 0, 0,
 'Tin số 4001', 'tin-so-4001', '', '', '', 0, 1, 0);
INSERT INTO nv4_vi_news_bodytext (id, bodytext) VALUES
(1, 'Nội dung thông báo.'),
(2001, 'Bài thứ 2001.');
INSERT INTO nv4_vi_news_bodyhtml_1 (id, bodyhtml, sourcetext, imgposition, copyright) VALUES
(1, '<p>Nội dung <b>thông báo</b>.</p><h2>Phụ lục</h2>', 'https://baochinhphu.vn/bai-goc.htm', 2, 1),
(2002, '<p>Sai bảng.</p>', '', 1, 0);
INSERT INTO nv4_vi_news_bodyhtml_2 (id, bodyhtml, sourcetext, imgposition, copyright) VALUES
(2001, '<p>Bài thứ 2001.</p><ul><li>Một</li><li>Hai</li></ul>', '', 0, 0);
