-- The tables of a NukeViet 4.5 news module that the migration reads, with the
-- columns and types of NukeViet's documented structure (the module's
-- action_mysql.php), for `prefix` nv4, language vi and module data name news.
-- tests/it/nukeviet.rs renames `nv4_` to a fresh prefix per run. Statements are
-- separated by a `;` at the end of a line.

CREATE TABLE nv4_vi_news_cat (
  catid smallint(5) unsigned NOT NULL AUTO_INCREMENT,
  parentid smallint(5) unsigned NOT NULL DEFAULT 0,
  title varchar(250) NOT NULL,
  titlesite varchar(250) DEFAULT '',
  alias varchar(250) NOT NULL DEFAULT '',
  description text,
  descriptionhtml text,
  image varchar(255) DEFAULT '',
  viewdescription tinyint(2) NOT NULL DEFAULT 0,
  weight smallint(5) unsigned NOT NULL DEFAULT 0,
  sort smallint(5) NOT NULL DEFAULT 0,
  lev smallint(5) NOT NULL DEFAULT 0,
  viewcat varchar(50) NOT NULL DEFAULT 'viewcat_page_new',
  numsubcat smallint(5) NOT NULL DEFAULT 0,
  subcatid varchar(255) DEFAULT '',
  numlinks tinyint(2) unsigned NOT NULL DEFAULT 3,
  newday tinyint(2) unsigned NOT NULL DEFAULT 2,
  featured int(11) NOT NULL DEFAULT 0,
  ad_block_cat varchar(255) NOT NULL DEFAULT '',
  layout_func varchar(100) NOT NULL DEFAULT '',
  keywords text,
  admins text,
  add_time int(11) unsigned NOT NULL DEFAULT 0,
  edit_time int(11) unsigned NOT NULL DEFAULT 0,
  groups_view varchar(255) DEFAULT '',
  status smallint(4) NOT NULL DEFAULT 1,
  PRIMARY KEY (catid),
  UNIQUE KEY alias (alias),
  KEY parentid (parentid)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;

CREATE TABLE nv4_vi_news_sources (
  sourceid mediumint(8) unsigned NOT NULL AUTO_INCREMENT,
  title varchar(250) NOT NULL DEFAULT '',
  link varchar(255) DEFAULT '',
  logo varchar(255) DEFAULT '',
  weight mediumint(8) unsigned NOT NULL DEFAULT 0,
  add_time int(11) unsigned NOT NULL DEFAULT 0,
  edit_time int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (sourceid),
  UNIQUE KEY title (title)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;

CREATE TABLE nv4_vi_news_topics (
  topicid smallint(5) unsigned NOT NULL AUTO_INCREMENT,
  title varchar(250) NOT NULL DEFAULT '',
  alias varchar(250) NOT NULL DEFAULT '',
  image varchar(255) DEFAULT '',
  description varchar(255) DEFAULT '',
  weight smallint(5) NOT NULL DEFAULT 0,
  keywords text,
  add_time int(11) NOT NULL DEFAULT 0,
  edit_time int(11) NOT NULL DEFAULT 0,
  PRIMARY KEY (topicid),
  UNIQUE KEY alias (alias)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;

CREATE TABLE nv4_vi_news_block_cat (
  bid smallint(5) unsigned NOT NULL AUTO_INCREMENT,
  adddefault tinyint(4) NOT NULL DEFAULT 0,
  numbers smallint(5) NOT NULL DEFAULT 10,
  title varchar(250) NOT NULL DEFAULT '',
  alias varchar(250) NOT NULL DEFAULT '',
  image varchar(255) DEFAULT '',
  description varchar(255) DEFAULT '',
  weight smallint(5) NOT NULL DEFAULT 0,
  keywords text,
  add_time int(11) NOT NULL DEFAULT 0,
  edit_time int(11) NOT NULL DEFAULT 0,
  PRIMARY KEY (bid),
  UNIQUE KEY alias (alias)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;

CREATE TABLE nv4_vi_news_block (
  bid smallint(5) unsigned NOT NULL,
  id int(11) unsigned NOT NULL,
  weight int(11) unsigned NOT NULL,
  UNIQUE KEY bid (bid, id)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;

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
  weight int(11) unsigned NOT NULL DEFAULT 0,
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
  allowed_comm varchar(255) DEFAULT '',
  allowed_rating tinyint(1) unsigned NOT NULL DEFAULT 0,
  external_link tinyint(1) unsigned NOT NULL DEFAULT 0,
  hitstotal mediumint(8) unsigned NOT NULL DEFAULT 0,
  hitscm mediumint(8) unsigned NOT NULL DEFAULT 0,
  total_rating int(11) NOT NULL DEFAULT 0,
  click_rating int(11) NOT NULL DEFAULT 0,
  instant_active tinyint(1) NOT NULL DEFAULT 0,
  instant_template varchar(100) NOT NULL DEFAULT '',
  instant_creatauto tinyint(1) NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  KEY catid (catid),
  KEY topicid (topicid),
  KEY publtime (publtime),
  KEY exptime (exptime),
  KEY status (status)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;

CREATE TABLE nv4_vi_news_detail (
  id int(11) unsigned NOT NULL,
  titlesite varchar(255) NOT NULL DEFAULT '',
  description text NOT NULL,
  bodyhtml longtext NOT NULL,
  voicedata text NULL DEFAULT NULL,
  keywords varchar(255) DEFAULT '',
  sourcetext varchar(255) DEFAULT '',
  files text NULL,
  imgposition tinyint(1) NOT NULL DEFAULT 1,
  layout_func varchar(100) DEFAULT '',
  copyright tinyint(1) NOT NULL DEFAULT 0,
  allowed_send tinyint(1) NOT NULL DEFAULT 0,
  allowed_print tinyint(1) NOT NULL DEFAULT 0,
  allowed_save tinyint(1) NOT NULL DEFAULT 0,
  PRIMARY KEY (id)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;

CREATE TABLE nv4_vi_news_tags (
  tid mediumint(8) unsigned NOT NULL AUTO_INCREMENT,
  numnews mediumint(8) NOT NULL DEFAULT 0,
  title varchar(250) NOT NULL DEFAULT '',
  alias varchar(250) NOT NULL DEFAULT '',
  image varchar(255) DEFAULT '',
  description text,
  keywords varchar(255) DEFAULT '',
  PRIMARY KEY (tid),
  UNIQUE KEY alias (alias)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;

CREATE TABLE nv4_vi_news_tags_id (
  id int(11) NOT NULL,
  tid mediumint(9) NOT NULL,
  keyword varchar(65) NOT NULL,
  UNIQUE KEY id_tid (id, tid),
  KEY tid (tid)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;
