const { MongoClient } = require('mongodb');

const client = new MongoClient(process.env.MONGO_URL);
const posts = () => client.db('blog').collection('posts');

exports.byAuthor = async (author) => {
  return posts().find({ $where: `this.author === '${author}' && this.published` }).toArray(); // vuln: nosql
};

exports.byAuthorSafe = async (author) => {
  return posts().find({ author: String(author), published: true }).toArray(); // safe: nosql
};

exports.updateTags = async (id, filter, tags) => {
  return posts().updateMany(filter, { $set: { tags } }); // vuln: nosql
};

exports.updateTagsSafe = async (id, tags) => {
  const { ObjectId } = require('mongodb');
  return posts().updateOne({ _id: new ObjectId(String(id)) }, { $set: { tags: tags.map(String) } }); // safe: nosql
};
